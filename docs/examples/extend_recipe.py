"""Extension point: a recipe (a named, buildable experiment for ``condgan train``).

A recipe builder returns a :class:`~condgan.recipes.Recipe`: the condition space,
G, D, the objective, the train config and the data. Registered under a name, it is
available to ``condgan train NAME`` and ``condgan.recipes.build(NAME, ...)`` once
the module that registers it has been imported.
"""

from condgan.conditions import InputConcat, OneHot
from condgan.data.spaces import cartoon_space
from condgan.heads import Critic, ProjectionHead
from condgan.layers import sn_conv2d
from condgan.losses import Objective
from condgan.models import DCGANBackbone, DCGANGenerator
from condgan.recipes import DataSpec, Recipe, build, register_recipe
from condgan.training import TrainConfig


@register_recipe(
    "my-cartoon-hinge", report="(none)", title="cartoon faces, projection critic, hinge loss",
    variants={"base": "DCGAN G, SN projection critic, hinge"}, default="base",
)  # fmt: skip
def my_cartoon_hinge(variant: str, scale: str, data_dir: str | None = None) -> Recipe:
    space = cartoon_space()
    size = 32
    G = DCGANGenerator(space, encoder=OneHot(space), nz=32, image_size=size,
                       widths=(64, 32, 16), fusion={0: InputConcat()})  # fmt: skip
    backbone = DCGANBackbone(image_size=size, widths=(32, 64, 128), conv_layer=sn_conv2d)
    D = Critic(backbone, adversarial=ProjectionHead(backbone.out_dim, space))
    steps = {"smoke": 2, "cpu": 1000, "paper": 20000}[scale]
    return Recipe(
        name="my-cartoon-hinge", variant=variant, scale=scale, space=space, generator=G,
        critic=D, objective=Objective(adversarial="hinge", space=space),
        train=TrainConfig(steps=steps, batch_size=16, betas_g=(0.0, 0.9), betas_d=(0.0, 0.9)),
        data=DataSpec(kind="cartoon", image_size=size, standin_n=64, data_dir=data_dir),
    )  # fmt: skip


recipe = build("my-cartoon-hinge", scale="smoke")
assert recipe.train.steps == 2 and recipe.critic.space == recipe.space
