"""ResNet: stages of residual blocks, y = F(x) + x, with a 1x1 projection on the shortcut when shapes change.

Ref: He et al., "Deep Residual Learning for Image Recognition" (CVPR 2016).
Module names and parameter counts equal torchvision's resnet18/34/50/101/152 (stride on the 3x3 conv, "v1.5").
"""
from __future__ import annotations

import torch.nn as nn

from .registry import register

PAPER = "https://arxiv.org/abs/1512.03385"


def conv3x3(c_in: int, c_out: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(c_in, c_out, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(c_in: int, c_out: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(c_in, c_out, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """Two 3x3 convolutions (ResNet-18/34): out = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))."""
    expansion = 1

    def __init__(self, c_in: int, width: int, stride: int = 1, downsample: nn.Module | None = None):
        super().__init__()
        self.conv1 = conv3x3(c_in, width, stride)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(width, width)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = downsample  # the "dashed" shortcut: y = F(x) + W x

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Bottleneck(nn.Module):
    """1x1 reduce -> 3x3 -> 1x1 expand (x4) (ResNet-50/101/152); cheaper than two 3x3 at the same width."""
    expansion = 4

    def __init__(self, c_in: int, width: int, stride: int = 1, downsample: nn.Module | None = None):
        super().__init__()
        self.conv1 = conv1x1(c_in, width)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width, stride)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = conv1x1(width, width * self.expansion)
        self.bn3 = nn.BatchNorm2d(width * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    """stem -> layer1..layerN (first block of each later stage halves H, W) -> global avg pool -> fc."""

    def __init__(self, block, layers: tuple[int, ...], widths: tuple[int, ...] = (64, 128, 256, 512),
                 n_classes: int = 1000, in_channels: int = 3, small_input: bool = False):
        super().__init__()
        self.c = widths[0]
        if small_input:  # CIFAR-style stem for 32x32 images: one 3x3 conv, no pooling
            self.conv1 = nn.Conv2d(in_channels, self.c, kernel_size=3, padding=1, bias=False)
            self.maxpool = nn.Identity()
        else:  # ImageNet stem: 7x7 stride 2, then 3x3 max pool stride 2 (224 -> 112 -> 56)
            self.conv1 = nn.Conv2d(in_channels, self.c, kernel_size=7, stride=2, padding=3, bias=False)
            self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.bn1 = nn.BatchNorm2d(self.c)
        self.relu = nn.ReLU(inplace=True)
        for i, (n, w) in enumerate(zip(layers, widths), start=1):
            setattr(self, f"layer{i}", self._make_stage(block, w, n, stride=1 if i == 1 else 2))
        self.n_stages = len(layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(self.c, n_classes)

    def _make_stage(self, block, width: int, n_blocks: int, stride: int) -> nn.Sequential:
        downsample = None
        if stride != 1 or self.c != width * block.expansion:
            downsample = nn.Sequential(conv1x1(self.c, width * block.expansion, stride),
                                       nn.BatchNorm2d(width * block.expansion))
        blocks = [block(self.c, width, stride, downsample)]
        self.c = width * block.expansion
        blocks += [block(self.c, width) for _ in range(1, n_blocks)]
        return nn.Sequential(*blocks)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for i in range(1, self.n_stages + 1):
            x = getattr(self, f"layer{i}")(x)
        x = self.avgpool(x)           # (B, C, 1, 1)
        return self.fc(x.flatten(1))  # (B, C) -> (B, n_classes)


_DEPTHS = {18: (BasicBlock, (2, 2, 2, 2)), 34: (BasicBlock, (3, 4, 6, 3)), 50: (Bottleneck, (3, 4, 6, 3)),
           101: (Bottleneck, (3, 4, 23, 3)), 152: (Bottleneck, (3, 8, 36, 3))}


def _register_resnet(depth: int):
    block, layers = _DEPTHS[depth]
    kind = "basic blocks of two 3x3 convolutions" if block is BasicBlock else \
        "bottleneck blocks (1x1 reduce, 3x3, 1x1 expand by 4)"
    kind_zh = "由两个 3x3 卷积组成的基本块" if block is BasicBlock else "瓶颈块（1x1 降维、3x3、1x1 升维 4 倍）"
    en = (f"ResNet-{depth}: a 7x7 stride-2 stem and max pooling, then four stages of {kind} "
          f"({', '.join(map(str, layers))} blocks; 56, 28, 14 and 7 px at a 224 input). Each block learns a residual "
          f"F(x) that is added to its input, so very deep networks still train; a 1x1 convolution on the shortcut "
          f"matches shapes where a stage starts. Global average pooling and one fully connected layer finish it.")
    zh = (f"ResNet-{depth}：7x7、步长 2 的主干卷积加最大池化，随后是四个阶段的{kind_zh}"
          f"（分别 {', '.join(map(str, layers))} 个块；输入 224 时尺寸为 56、28、14、7）。每个块学习残差 F(x) 并与输入相加，"
          f"因此很深的网络也能训练；在阶段开头，捷径上的 1x1 卷积负责对齐形状。最后是全局平均池化和一个全连接层。")

    def build(n_classes: int = 1000, in_channels: int = 3) -> nn.Module:
        return ResNet(block, layers, n_classes=n_classes, in_channels=in_channels)
    build.__name__ = build.__qualname__ = f"resnet{depth}"
    return register(family="resnet", group="cnn", input_kind="image", input_shape=(3, 224, 224),
                    title=f"ResNet-{depth}", paper=PAPER, en=en, zh=zh)(build)


resnet18 = _register_resnet(18)
resnet34 = _register_resnet(34)
resnet50 = _register_resnet(50)
resnet101 = _register_resnet(101)
resnet152 = _register_resnet(152)


@register(family="resnet", group="cnn", input_kind="image", input_shape=(3, 32, 32), title="Tiny ResNet",
          paper=PAPER, teaching=True,
          en="A residual network for 32x32 images in the style of the paper's CIFAR-10 models: a 3x3 stem and "
             "three stages of one basic block each (8, 16, 32 channels; 32, 16, 8 px), with projection "
             "shortcuts where the shape changes.",
          zh="仿照论文中 CIFAR-10 模型的 32x32 残差网络：一个 3x3 主干卷积，三个阶段各一个基本块"
             "（8、16、32 通道；32、16、8 像素），形状变化处使用投影捷径。")
def tiny_resnet(n_classes: int = 10, in_channels: int = 3) -> nn.Module:
    return ResNet(BasicBlock, (1, 1, 1), widths=(8, 16, 32), n_classes=n_classes, in_channels=in_channels,
                  small_input=True)
