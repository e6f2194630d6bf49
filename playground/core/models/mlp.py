"""Multi-layer perceptrons: every unit of a layer connects to every unit of the next.

Ref: Rumelhart, Hinton & Williams, "Learning representations by back-propagating errors" (Nature, 1986).
"""
from __future__ import annotations

from collections import OrderedDict

import torch.nn as nn

from .registry import register

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "leaky_relu": nn.LeakyReLU, "gelu": nn.GELU}


class MLP(nn.Module):
    """(B, *in_shape) -> flatten -> [Linear -> activation] x len(hidden) -> Linear -> (B, n_classes)."""

    def __init__(self, in_features: int, hidden: tuple[int, ...], n_classes: int, activation: str = "relu"):
        super().__init__()
        layers: OrderedDict[str, nn.Module] = OrderedDict(flatten=nn.Flatten())
        width = in_features
        for i, h in enumerate(hidden, start=1):
            layers[f"fc{i}"] = nn.Linear(width, h)  # y = W x + b
            layers[f"act{i}"] = _ACTIVATIONS[activation]()
            width = h
        layers["output"] = nn.Linear(width, n_classes)
        self.net = nn.Sequential(layers)

    def forward(self, x):
        return self.net(x)


@register(family="mlp", group="mlp", input_kind="image", input_shape=(1, 28, 28), title="MLP (784-256-128-10)",
          paper="https://www.nature.com/articles/323533a0",
          en="A fully connected network for 28x28 digit images: the image is flattened to 784 numbers, passed "
             "through two hidden layers of 256 and 128 ReLU units, and mapped to 10 class scores. Every weight "
             "is used once per input, so the parameter count grows with the product of neighbouring widths.",
          zh="面向 28x28 数字图像的全连接网络：图像先展平成 784 个数，经过 256 和 128 个 ReLU 单元的两个隐藏层，"
             "最后映射为 10 个类别分数。相邻两层的每对神经元之间都有一个权重，所以参数量随相邻层宽度的乘积增长。")
def mlp(n_classes: int = 10, hidden: tuple[int, ...] = (256, 128), in_features: int = 784,
        activation: str = "relu") -> nn.Module:
    return MLP(in_features, hidden, n_classes, activation)


@register(family="mlp", group="mlp", input_kind="vector", input_shape=(2,), title="Tiny MLP (2-8-8-2)",
          paper="https://playground.tensorflow.org", teaching=True,
          en="The smallest useful network, as in TensorFlow Playground: two input coordinates, two hidden "
             "layers of 8 tanh units and two output classes. Small enough to watch its decision boundary form.",
          zh="与 TensorFlow Playground 同样规模的小网络：输入两个坐标，两个各含 8 个 tanh 单元的隐藏层，"
             "输出两个类别。规模足够小，可以看着它的决策边界一步步形成。")
def tiny_mlp(n_classes: int = 2, hidden: tuple[int, ...] = (8, 8), in_features: int = 2,
             activation: str = "tanh") -> nn.Module:
    return MLP(in_features, hidden, n_classes, activation)
