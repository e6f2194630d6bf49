"""AlexNet as in the notes' table (single tower, 227x227 input, 96-256-384-384-256 channels, LRN).

Ref: Krizhevsky, Sutskever & Hinton, "ImageNet Classification with Deep Convolutional Neural Networks" (NeurIPS 2012).
"""
from __future__ import annotations

from collections import OrderedDict

import torch.nn as nn

from .registry import register


class AlexNet(nn.Module):
    """features: 5 conv layers (LRN after the first two, max pooling after 1, 2, 5); classifier: 3 FC layers."""

    def __init__(self, widths=(96, 256, 384, 384, 256), kernels=(11, 5, 3, 3, 3), stride1: int = 4,
                 padding1: int = 0, fc: tuple[int, int] = (4096, 4096), n_classes: int = 1000, in_channels: int = 3,
                 pooled: int = 6, dropout: float = 0.5):
        super().__init__()
        c1, c2, c3, c4, c5 = widths
        f6, f7 = fc
        k1, k2, k3, k4, k5 = kernels
        self.features = nn.Sequential(OrderedDict(
            conv1=nn.Conv2d(in_channels, c1, k1, stride=stride1, padding=padding1),  # 227 -> 55
            relu1=nn.ReLU(inplace=True),
            norm1=nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0),
            pool1=nn.MaxPool2d(3, stride=2),                                         # 55 -> 27
            conv2=nn.Conv2d(c1, c2, k2, padding=k2 // 2),
            relu2=nn.ReLU(inplace=True),
            norm2=nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0),
            pool2=nn.MaxPool2d(3, stride=2),                                         # 27 -> 13
            conv3=nn.Conv2d(c2, c3, k3, padding=k3 // 2),
            relu3=nn.ReLU(inplace=True),
            conv4=nn.Conv2d(c3, c4, k4, padding=k4 // 2),
            relu4=nn.ReLU(inplace=True),
            conv5=nn.Conv2d(c4, c5, k5, padding=k5 // 2),
            relu5=nn.ReLU(inplace=True),
            pool5=nn.MaxPool2d(3, stride=2),                                         # 13 -> 6
        ))
        self.classifier = nn.Sequential(OrderedDict(
            flatten=nn.Flatten(),                                                    # (B, c5 * 6 * 6)
            drop6=nn.Dropout(dropout),
            fc6=nn.Linear(c5 * pooled * pooled, f6),
            relu6=nn.ReLU(inplace=True),
            drop7=nn.Dropout(dropout),
            fc7=nn.Linear(f6, f7),
            relu7=nn.ReLU(inplace=True),
            fc8=nn.Linear(f7, n_classes),
        ))

    def forward(self, x):
        return self.classifier(self.features(x))


@register(family="alexnet", group="cnn", input_kind="image", input_shape=(3, 227, 227), title="AlexNet",
          paper="https://proceedings.neurips.cc/paper_files/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf",
          en="The network that won ImageNet 2012 and started the deep-learning boom: five convolution layers "
             "(96, 256, 384, 384, 256 filters; an 11x11 stride-4 first layer turns 227x227x3 into 55x55x96), "
             "ReLU instead of tanh, local response normalisation, overlapping 3x3 max pooling, dropout, and "
             "two 4096-unit fully connected layers. This is the one-GPU form of the notes' table: 62.4 M parameters.",
          zh="2012 年赢得 ImageNet、开启深度学习热潮的网络：五个卷积层（96、256、384、384、256 个卷积核；"
             "第一层 11x11、步长 4，把 227x227x3 变为 55x55x96），用 ReLU 代替 tanh，加入局部响应归一化、"
             "重叠的 3x3 最大池化和 dropout，最后是两个 4096 单元的全连接层。这里按笔记中的表格实现单 GPU 版本，"
             "共 6240 万个参数。",
          note_en="torchvision's `alexnet` is a different variant (from Krizhevsky's 2014 'one weird trick' paper): "
                  "64-192-384-256-256 channels, padding 2 in conv1 so that 224x224 inputs work, no LRN, and an "
                  "adaptive 6x6 average pool; it has 61,100,840 parameters. The paper itself split conv2, conv4 and "
                  "conv5 across two GPUs (groups=2), which gives 60,965,224.",
          note_zh="torchvision 的 `alexnet` 是另一个版本（来自 Krizhevsky 2014 年的 “one weird trick” 论文）："
                  "通道数为 64-192-384-256-256，conv1 使用 2 的填充以适配 224x224 输入，没有 LRN，"
                  "并用自适应 6x6 平均池化；共 61,100,840 个参数。原论文把 conv2、conv4、conv5 分到两块 GPU 上"
                  "（groups=2），参数量为 60,965,224。")
def alexnet(n_classes: int = 1000, in_channels: int = 3) -> nn.Module:
    return AlexNet(n_classes=n_classes, in_channels=in_channels)


@register(family="alexnet", group="cnn", input_kind="image", input_shape=(3, 32, 32), title="Tiny AlexNet",
          paper="https://proceedings.neurips.cc/paper_files/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf",
          teaching=True,
          en="AlexNet's layout shrunk for 32x32 colour images: the same five convolutions with LRN and "
             "overlapping max pooling, but 5x5 stride-1 first filters, 24-48-64-64-48 channels and a "
             "256-128 classifier, so it trains on a CPU in seconds.",
          zh="为 32x32 彩色图缩小的 AlexNet：同样是五个卷积层、LRN 和重叠最大池化，但第一层改为 5x5、步长 1，"
             "通道数为 24-48-64-64-48，分类器为 256-128，可在 CPU 上几秒内训练。")
def tiny_alexnet(n_classes: int = 10, in_channels: int = 3) -> nn.Module:
    return AlexNet(widths=(24, 48, 64, 64, 48), kernels=(5, 3, 3, 3, 3), stride1=1, padding1=2, fc=(256, 128),
                   n_classes=n_classes, in_channels=in_channels, pooled=3, dropout=0.2)
