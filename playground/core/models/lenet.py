"""LeNet-5 as in the notes' table: two convolution + average-pooling stages, then three fully connected layers.

Ref: LeCun et al., "Gradient-based learning applied to document recognition" (Proc. IEEE, 1998).
"""
from __future__ import annotations

from collections import OrderedDict

import torch.nn as nn

from .registry import register


@register(family="lenet", group="cnn", input_kind="image", input_shape=(1, 32, 32), title="LeNet-5",
          paper="http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf", teaching=True,
          en="The classic digit recogniser: two 5x5 convolution layers (6 and 16 filters, tanh), each followed "
             "by 2x2 average pooling, then fully connected layers of 120, 84 and 10 units. A 32x32 grey image "
             "shrinks to 28x28x6, 14x14x6, 10x10x16 and 5x5x16 before the classifier; 61,706 parameters in all, "
             "most of them in the first fully connected layer.",
          zh="经典的手写数字识别网络：两个 5x5 卷积层（分别 6 和 16 个卷积核，tanh 激活），每层后接 2x2 平均池化，"
             "再接 120、84、10 个神经元的全连接层。32x32 灰度图依次变为 28x28x6、14x14x6、10x10x16、5x5x16，"
             "然后进入分类器；共 61,706 个参数，大部分在第一个全连接层。")
def lenet5(n_classes: int = 10, in_channels: int = 1) -> nn.Module:
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(in_channels, 6, kernel_size=5),   # (B, 6, 28, 28)
        act1=nn.Tanh(),
        pool1=nn.AvgPool2d(2, stride=2),                  # (B, 6, 14, 14)
        conv2=nn.Conv2d(6, 16, kernel_size=5),            # (B, 16, 10, 10)
        act2=nn.Tanh(),
        pool2=nn.AvgPool2d(2, stride=2),                  # (B, 16, 5, 5)
        flatten=nn.Flatten(),                             # (B, 400)
        fc3=nn.Linear(16 * 5 * 5, 120),
        act3=nn.ReLU(),
        fc4=nn.Linear(120, 84),
        act4=nn.ReLU(),
        output=nn.Linear(84, n_classes),                  # softmax lives in the loss
    ))
