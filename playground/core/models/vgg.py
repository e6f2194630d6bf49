"""VGG: stacks of 3x3 convolutions (padding 1 keeps the size) separated by 2x2 max pooling that halves it.

Ref: Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition" (ICLR 2015).
Layer layout and parameter counts equal torchvision's vgg11/13/16/19 (without batch norm).
"""
from __future__ import annotations

from collections import OrderedDict

import torch.nn as nn

from .registry import register

PAPER = "https://arxiv.org/abs/1409.1556"

# Channels of each 3x3 conv per block (the paper's configurations A, B, D, E).
CONFIGS = {
    11: ((64,), (128,), (256, 256), (512, 512), (512, 512)),
    13: ((64, 64), (128, 128), (256, 256), (512, 512), (512, 512)),
    16: ((64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512)),
    19: ((64, 64), (128, 128), (256, 256, 256, 256), (512, 512, 512, 512), (512, 512, 512, 512)),
}


class VGG(nn.Module):
    """features (conv{b}_{i}, relu{b}_{i}, pool{b}) -> adaptive avg pool to pooled x pooled -> fc6, fc7, fc8."""

    def __init__(self, blocks, n_classes: int = 1000, in_channels: int = 3, fc: tuple[int, int] = (4096, 4096),
                 pooled: int = 7, dropout: float = 0.5):
        super().__init__()
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        c = in_channels
        for b, widths in enumerate(blocks, start=1):
            for i, w in enumerate(widths, start=1):
                layers[f"conv{b}_{i}"] = nn.Conv2d(c, w, kernel_size=3, padding=1)  # size kept
                layers[f"relu{b}_{i}"] = nn.ReLU(inplace=True)
                c = w
            layers[f"pool{b}"] = nn.MaxPool2d(2, stride=2)  # size halved
        self.features = nn.Sequential(layers)
        self.avgpool = nn.AdaptiveAvgPool2d(pooled)  # a no-op at the paper's 224x224 input
        f6, f7 = fc
        self.classifier = nn.Sequential(OrderedDict(
            fc6=nn.Linear(c * pooled * pooled, f6), relu6=nn.ReLU(inplace=True), drop6=nn.Dropout(dropout),
            fc7=nn.Linear(f6, f7), relu7=nn.ReLU(inplace=True), drop7=nn.Dropout(dropout),
            fc8=nn.Linear(f7, n_classes),
        ))

    def forward(self, x):
        x = self.avgpool(self.features(x))  # (B, 512, 7, 7)
        return self.classifier(x.flatten(1))  # (B, 25088) -> (B, n_classes)


def _describe(depth: int) -> tuple[str, str]:
    n_conv = sum(len(b) for b in CONFIGS[depth])
    en = (f"VGG-{depth}: {n_conv} convolution layers, all 3x3 with padding 1, in five blocks of 64, 128, 256, 512 "
          f"and 512 channels, each block closed by 2x2 max pooling (224 -> 112 -> 56 -> 28 -> 14 -> 7), then "
          f"three fully connected layers (4096, 4096, 1000). Stacking small kernels sees as far as one large "
          f"kernel with fewer parameters and more non-linearities.")
    zh = (f"VGG-{depth}：{n_conv} 个卷积层，全部为 3x3、填充 1，分成通道数为 64、128、256、512、512 的五个块，"
          f"每块末尾用 2x2 最大池化把尺寸减半（224 -> 112 -> 56 -> 28 -> 14 -> 7），最后是三个全连接层"
          f"（4096、4096、1000）。堆叠小卷积核能获得与大卷积核相同的感受野，参数更少、非线性更多。")
    return en, zh


def _register_vgg(depth: int):
    en, zh = _describe(depth)

    def build(n_classes: int = 1000, in_channels: int = 3) -> nn.Module:
        return VGG(CONFIGS[depth], n_classes=n_classes, in_channels=in_channels)
    build.__name__ = build.__qualname__ = f"vgg{depth}"
    build.__doc__ = f"VGG-{depth} (configuration {'ABDE'[[11, 13, 16, 19].index(depth)]} of the paper)."
    return register(family="vgg", group="cnn", input_kind="image", input_shape=(3, 224, 224), title=f"VGG-{depth}",
                    paper=PAPER, en=en, zh=zh)(build)


vgg11 = _register_vgg(11)
vgg13 = _register_vgg(13)
vgg16 = _register_vgg(16)
vgg19 = _register_vgg(19)


@register(family="vgg", group="cnn", input_kind="image", input_shape=(3, 32, 32), title="Tiny VGG", paper=PAPER,
          teaching=True,
          en="VGG's recipe at 32x32: three blocks of two 3x3 convolutions (16, 32, 64 channels) with 2x2 max "
             "pooling between them, then a 128-unit hidden layer. Trains on a CPU in seconds.",
          zh="32x32 尺寸下的 VGG 做法：三个块，每块两个 3x3 卷积（16、32、64 通道），块之间用 2x2 最大池化，"
             "再接一个 128 单元的隐藏层。可在 CPU 上几秒内训练。")
def tiny_vgg(n_classes: int = 10, in_channels: int = 3) -> nn.Module:
    return VGG(((16, 16), (32, 32), (64, 64)), n_classes=n_classes, in_channels=in_channels, fc=(128, 128),
               pooled=4, dropout=0.2)
