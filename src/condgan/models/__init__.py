"""Generic generator and critic families, and the model registry.

Families (one per file): DCGAN (:mod:`~condgan.models.dcgan`), SRResNet
(:mod:`~condgan.models.srresnet`) and InfoGAN (:mod:`~condgan.models.infogan`).
A generator is assembled from a condition encoder, fusion modules and backbone
blocks; a critic is a backbone plus heads (:class:`~condgan.heads.Critic`).

``create(name, **kwargs)`` builds a registered model; ``list_models()`` names
them. The reports' networks are compositions that live with their recipes
(:mod:`condgan.recipes.networks`) and register there.
"""

from condgan.models.base import NOISE, ConditionalGenerator, check_encoder
from condgan.models.builders import (
    ADVERSARIAL_HEADS,
    adversarial_head,
    dcgan_critic,
    dcgan_generator,
    infogan_generator,
    srresnet_critic,
    srresnet_generator,
)
from condgan.models.dcgan import DCGANBackbone, DCGANGenerator
from condgan.models.hierarchical_noise import HierarchicalNoise, noise_chunks
from condgan.models.infogan import InfoGANGenerator, InfoSpec
from condgan.models.registry import ModelEntry, create, list_models, model_entry, register
from condgan.models.sizes import check_image_size
from condgan.models.srresnet import SRResNetBackbone, SRResNetGenerator

__all__ = [
    "ADVERSARIAL_HEADS",
    "ConditionalGenerator",
    "DCGANBackbone",
    "DCGANGenerator",
    "HierarchicalNoise",
    "InfoGANGenerator",
    "InfoSpec",
    "ModelEntry",
    "NOISE",
    "SRResNetBackbone",
    "SRResNetGenerator",
    "adversarial_head",
    "check_encoder",
    "check_image_size",
    "create",
    "dcgan_critic",
    "dcgan_generator",
    "infogan_generator",
    "list_models",
    "model_entry",
    "noise_chunks",
    "register",
    "srresnet_critic",
    "srresnet_generator",
]
