"""GoogLeNet (Inception v1): parallel 1x1, 3x3, 'large' and pooling branches concatenated along channels.

Ref: Szegedy et al., "Going Deeper with Convolutions" (CVPR 2015).
Layout and parameter count equal torchvision's googlenet without the auxiliary heads, including its two
departures from the paper: batch norm after every convolution and a 3x3 (not 5x5) kernel in the third branch.
"""
from __future__ import annotations

import torch
import torch.nn as nn

from .registry import register

PAPER = "https://arxiv.org/abs/1409.4842"


class BasicConv2d(nn.Module):
    """conv (no bias) -> batch norm -> ReLU."""

    def __init__(self, c_in: int, c_out: int, **kwargs):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, bias=False, **kwargs)
        self.bn = nn.BatchNorm2d(c_out, eps=0.001)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


class Inception(nn.Module):
    """Four branches on the same input; their outputs keep H x W and are concatenated: c1 + c3 + c5 + pool_proj."""

    def __init__(self, c_in, c1, c3_reduce, c3, c5_reduce, c5, pool_proj, large_kernel: int = 3):
        super().__init__()
        self.branch1 = BasicConv2d(c_in, c1, kernel_size=1)
        self.branch2 = nn.Sequential(BasicConv2d(c_in, c3_reduce, kernel_size=1),        # 1x1 cuts channels first
                                     BasicConv2d(c3_reduce, c3, kernel_size=3, padding=1))
        self.branch3 = nn.Sequential(BasicConv2d(c_in, c5_reduce, kernel_size=1),
                                     BasicConv2d(c5_reduce, c5, kernel_size=large_kernel, padding=large_kernel // 2))
        self.branch4 = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True),
                                     BasicConv2d(c_in, pool_proj, kernel_size=1))

    def forward(self, x):
        branches = [self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)]
        return torch.cat(branches, dim=1)  # (B, c1 + c3 + c5 + pool_proj, H, W)


# (c_in, c1, c3_reduce, c3, c5_reduce, c5, pool_proj) from the paper's Table 1.
INCEPTION = {
    "3a": (192, 64, 96, 128, 16, 32, 32), "3b": (256, 128, 128, 192, 32, 96, 64),
    "4a": (480, 192, 96, 208, 16, 48, 64), "4b": (512, 160, 112, 224, 24, 64, 64),
    "4c": (512, 128, 128, 256, 24, 64, 64), "4d": (512, 112, 144, 288, 32, 64, 64),
    "4e": (528, 256, 160, 320, 32, 128, 128),
    "5a": (832, 256, 160, 320, 32, 128, 128), "5b": (832, 384, 192, 384, 48, 128, 128),
}


class GoogLeNet(nn.Module):
    def __init__(self, n_classes: int = 1000, in_channels: int = 3, large_kernel: int = 3, dropout: float = 0.2):
        super().__init__()
        k = large_kernel
        self.conv1 = BasicConv2d(in_channels, 64, kernel_size=7, stride=2, padding=3)  # 224 -> 112
        self.maxpool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)                      # 112 -> 56
        self.conv2 = BasicConv2d(64, 64, kernel_size=1)
        self.conv3 = BasicConv2d(64, 192, kernel_size=3, padding=1)
        self.maxpool2 = nn.MaxPool2d(3, stride=2, ceil_mode=True)                      # 56 -> 28
        self.inception3a = Inception(*INCEPTION["3a"], large_kernel=k)
        self.inception3b = Inception(*INCEPTION["3b"], large_kernel=k)                  # (B, 480, 28, 28)
        self.maxpool3 = nn.MaxPool2d(3, stride=2, ceil_mode=True)                      # 28 -> 14
        self.inception4a = Inception(*INCEPTION["4a"], large_kernel=k)
        self.inception4b = Inception(*INCEPTION["4b"], large_kernel=k)
        self.inception4c = Inception(*INCEPTION["4c"], large_kernel=k)
        self.inception4d = Inception(*INCEPTION["4d"], large_kernel=k)
        self.inception4e = Inception(*INCEPTION["4e"], large_kernel=k)                  # (B, 832, 14, 14)
        self.maxpool4 = nn.MaxPool2d(2, stride=2, ceil_mode=True)                      # 14 -> 7
        self.inception5a = Inception(*INCEPTION["5a"], large_kernel=k)
        self.inception5b = Inception(*INCEPTION["5b"], large_kernel=k)                  # (B, 1024, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)                                         # global average pooling
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(1024, n_classes)

    def forward(self, x):
        for name in ("conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b", "maxpool3",
                     "inception4a", "inception4b", "inception4c", "inception4d", "inception4e", "maxpool4",
                     "inception5a", "inception5b", "avgpool"):
            x = getattr(self, name)(x)
        return self.fc(self.dropout(x.flatten(1)))  # (B, 1024) -> (B, n_classes)


@register(family="googlenet", group="cnn", input_kind="image", input_shape=(3, 224, 224), title="GoogLeNet",
          paper=PAPER,
          en="Inception v1, 22 layers deep: after a convolutional stem, nine Inception modules run 1x1, 3x3 and "
             "larger convolutions and a max pooling side by side on the same input and stack their outputs along "
             "the channels. 1x1 convolutions shrink the channels before the expensive kernels, and global average "
             "pooling replaces the big fully connected layers: 6.6 M parameters, a twentieth of VGG-16's.",
          zh="Inception v1，共 22 层：卷积主干之后是九个 Inception 模块，每个模块在同一输入上并行做 1x1、3x3、"
             "更大卷积核的卷积和最大池化，再把结果沿通道拼接。1x1 卷积先减少通道再做昂贵的卷积，全局平均池化"
             "取代了庞大的全连接层：共 660 万参数，约为 VGG-16 的二十分之一。",
          note_en="Like torchvision's googlenet (whose parameter count this matches), every convolution is followed "
                  "by batch norm and the third branch uses a 3x3 kernel where the paper has 5x5. The auxiliary "
                  "classifiers used only in training are left out.",
          note_zh="与 torchvision 的 googlenet 一致（参数量与之相同）：每个卷积后都有批归一化，第三个分支用 3x3 "
                  "卷积核，而论文中是 5x5。仅在训练时使用的辅助分类器没有包含在内。")
def googlenet(n_classes: int = 1000, in_channels: int = 3, large_kernel: int = 3) -> nn.Module:
    return GoogLeNet(n_classes=n_classes, in_channels=in_channels, large_kernel=large_kernel)


class TinyGoogLeNet(nn.Module):
    def __init__(self, n_classes: int = 10, in_channels: int = 3):
        super().__init__()
        self.stem = BasicConv2d(in_channels, 32, kernel_size=3, padding=1)     # (B, 32, 32, 32)
        self.inception1 = Inception(32, 16, 16, 24, 4, 8, 8)                   # (B, 56, 32, 32)
        self.pool1 = nn.MaxPool2d(3, stride=2, padding=1)                      # (B, 56, 16, 16)
        self.inception2 = Inception(56, 24, 24, 32, 8, 16, 16)                 # (B, 88, 16, 16)
        self.pool2 = nn.MaxPool2d(3, stride=2, padding=1)                      # (B, 88, 8, 8)
        self.inception3 = Inception(88, 32, 32, 48, 8, 24, 24)                 # (B, 128, 8, 8)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(128, n_classes)

    def forward(self, x):
        x = self.pool1(self.inception1(self.stem(x)))
        x = self.pool2(self.inception2(x))
        x = self.avgpool(self.inception3(x))
        return self.fc(x.flatten(1))


@register(family="googlenet", group="cnn", input_kind="image", input_shape=(3, 32, 32), title="Tiny GoogLeNet",
          paper=PAPER, teaching=True,
          en="Three small Inception modules on a 32x32 image, with the same four parallel branches and 1x1 "
             "bottlenecks as the full network, ending in global average pooling.",
          zh="在 32x32 图像上的三个小型 Inception 模块，保留完整网络的四个并行分支和 1x1 瓶颈，最后用全局平均池化。")
def tiny_googlenet(n_classes: int = 10, in_channels: int = 3) -> nn.Module:
    return TinyGoogLeNet(n_classes, in_channels)
