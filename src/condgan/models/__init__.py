"""Generators and critic backbones, the five reports' networks, and the model registry.

``create(name, **kwargs)`` builds a registered model; ``list_models()`` names them.
"""

from condgan.models.base import NOISE, ConditionalGenerator, build_encoder
from condgan.models.dcgan import SUPPORTED_SIZES, DCGANBackbone, DCGANGenerator
from condgan.models.infogan import InfoGANGenerator, InfoSpec
from condgan.models.registry import ModelEntry, create, list_models, model_entry, register
from condgan.models.reports import (
    ADVERSARIAL_HEADS,
    dcgan_critic,
    r1_critic,
    r1_generator,
    r2_critic,
    r2_generator,
    r3_acgan_critic,
    r3_acgan_generator,
    r3_infogan_critic,
    r3_infogan_generator,
    r4_critic,
    r4_generator,
    r5_critic,
    r5_generator,
)
from condgan.models.srresnet import SRResNetBackbone, SRResNetGenerator

__all__ = [
    "ADVERSARIAL_HEADS",
    "ConditionalGenerator",
    "DCGANBackbone",
    "DCGANGenerator",
    "InfoGANGenerator",
    "InfoSpec",
    "ModelEntry",
    "NOISE",
    "SRResNetBackbone",
    "SRResNetGenerator",
    "SUPPORTED_SIZES",
    "build_encoder",
    "create",
    "dcgan_critic",
    "list_models",
    "model_entry",
    "r1_critic",
    "r1_generator",
    "r2_critic",
    "r2_generator",
    "r3_acgan_critic",
    "r3_acgan_generator",
    "r3_infogan_critic",
    "r3_infogan_generator",
    "r4_critic",
    "r4_generator",
    "r5_critic",
    "r5_generator",
    "register",
]
