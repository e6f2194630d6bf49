"""DenseNet: inside a dense block every layer reads the concatenation of all earlier outputs.

Ref: Huang et al., "Densely Connected Convolutional Networks" (CVPR 2017).
Module names and parameter count equal torchvision's densenet121.
"""
from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn as nn

from .registry import register

PAPER = "https://arxiv.org/abs/1608.06993"


class DenseLayer(nn.Module):
    """BN-ReLU-1x1 conv (bn_size * k channels) -> BN-ReLU-3x3 conv (k = growth rate channels)."""

    def __init__(self, c_in: int, growth: int, bn_size: int):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(c_in)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(c_in, bn_size * growth, kernel_size=1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(bn_size * growth, growth, kernel_size=3, padding=1, bias=False)

    def forward(self, x):
        return self.conv2(self.relu2(self.norm2(self.conv1(self.relu1(self.norm1(x))))))


class DenseBlock(nn.ModuleDict):
    """Layer l sees c_in + (l - 1) * growth channels; the block outputs c_in + n_layers * growth channels."""

    def __init__(self, n_layers: int, c_in: int, growth: int, bn_size: int):
        super().__init__()
        for i in range(n_layers):
            self[f"denselayer{i + 1}"] = DenseLayer(c_in + i * growth, growth, bn_size)

    def forward(self, x):
        features = [x]
        for layer in self.values():
            features.append(layer(torch.cat(features, dim=1)))  # feature reuse: concatenate, never add
        return torch.cat(features, dim=1)


class Transition(nn.Sequential):
    """BN-ReLU-1x1 conv halves the channels, 2x2 average pooling halves H and W."""

    def __init__(self, c_in: int, c_out: int):
        super().__init__(OrderedDict(
            norm=nn.BatchNorm2d(c_in), relu=nn.ReLU(inplace=True),
            conv=nn.Conv2d(c_in, c_out, kernel_size=1, bias=False), pool=nn.AvgPool2d(2, stride=2)))


class DenseNet(nn.Module):
    def __init__(self, growth: int = 32, blocks: tuple[int, ...] = (6, 12, 24, 16), init_features: int = 64,
                 bn_size: int = 4, n_classes: int = 1000, in_channels: int = 3, small_input: bool = False):
        super().__init__()
        if small_input:
            stem = OrderedDict(conv0=nn.Conv2d(in_channels, init_features, 3, padding=1, bias=False))
        else:  # 224 -> 112 -> 56
            stem = OrderedDict(conv0=nn.Conv2d(in_channels, init_features, 7, stride=2, padding=3, bias=False),
                               norm0=nn.BatchNorm2d(init_features), relu0=nn.ReLU(inplace=True),
                               pool0=nn.MaxPool2d(3, stride=2, padding=1))
        self.features = nn.Sequential(stem)
        c = init_features
        for i, n in enumerate(blocks, start=1):
            self.features.add_module(f"denseblock{i}", DenseBlock(n, c, growth, bn_size))
            c += n * growth
            if i < len(blocks):
                self.features.add_module(f"transition{i}", Transition(c, c // 2))
                c //= 2
        self.features.add_module(f"norm{len(blocks) + 1}", nn.BatchNorm2d(c))
        self.relu = nn.ReLU(inplace=True)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # global average pooling
        self.classifier = nn.Linear(c, n_classes)

    def forward(self, x):
        x = self.avgpool(self.relu(self.features(x)))  # (B, C, 1, 1)
        return self.classifier(x.flatten(1))            # (B, C) -> (B, n_classes)


@register(family="densenet", group="cnn", input_kind="image", input_shape=(3, 224, 224), title="DenseNet-121",
          paper=PAPER,
          en="DenseNet-121: four dense blocks of 6, 12, 24 and 16 layers with growth rate 32. Each layer adds 32 "
             "new channels and hands every feature map it has seen to all later layers in the block, so features "
             "are reused rather than relearned; transition layers halve the channels with a 1x1 convolution and "
             "the size with 2x2 average pooling. 8.0 M parameters.",
          zh="DenseNet-121：四个密集块，分别含 6、12、24、16 层，增长率为 32。每层新增 32 个通道，并把见过的所有"
             "特征图传给块内后面的每一层，特征得以复用而不必重新学习；过渡层用 1x1 卷积把通道减半、用 2x2 平均"
             "池化把尺寸减半。共 800 万参数。")
def densenet121(n_classes: int = 1000, in_channels: int = 3) -> nn.Module:
    return DenseNet(32, (6, 12, 24, 16), 64, n_classes=n_classes, in_channels=in_channels)


@register(family="densenet", group="cnn", input_kind="image", input_shape=(3, 32, 32), title="Tiny DenseNet",
          paper=PAPER, teaching=True,
          en="Three dense blocks of two layers each with growth rate 8 on a 32x32 image: small enough to train in "
             "seconds, with the same concatenate-everything connectivity.",
          zh="32x32 图像上的三个密集块，每块两层、增长率为 8：规模小、几秒可训练，连接方式与完整网络相同。")
def tiny_densenet(n_classes: int = 10, in_channels: int = 3) -> nn.Module:
    return DenseNet(8, (2, 2, 2), 16, bn_size=2, n_classes=n_classes, in_channels=in_channels, small_input=True)
