"""The backprop lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_backprop": ("Back-propagation", "反向传播"),
    "backprop_backprop_intro": (
        "One example through a 2-2-1 network with sigmoid hidden units and the loss L = ½ (ŷ − y)². Forward values "
        "sit on the nodes; backward, the chain rule gives every ∂L/∂w, written out by hand and checked against "
        "PyTorch's autograd. Then one step of gradient descent, w ← w − lr · ∂L/∂w.",
        "一个样本通过 2-2-1 网络，隐藏层用 sigmoid，损失 L = ½ (ŷ − y)²。前向的值标在节点上；反向时，"
        "链式法则给出每个 ∂L/∂w，逐项手算，并与 PyTorch 的自动求导核对。然后做一步梯度下降：w ← w − lr · ∂L/∂w。"),
    "backprop_y": ("Target y", "目标 y"),
    "backprop_seed": ("Seed (starting weights)", "随机种子（初始权重）"),
    "backprop_backprop_plot": ("Forward values and gradients", "前向的值与梯度"),
    "backprop_backprop_text": (
        "Loss {loss}; after one step with lr = {lr}: {after}. Largest difference between the hand-written "
        "gradients and autograd: {diff}.",
        "损失 {loss}；以 lr = {lr} 走一步之后：{after}。手算梯度与自动求导的最大差异：{diff}。"),
    "backprop_fig_hidden": ("hidden", "隐藏层"),
    "backprop_fig_forward": ("forward", "前向"),
    "backprop_fig_backward": ("backward", "反向"),
    "backprop_fig_autograd": ("autograd", "自动求导"),
    "backprop_fig_input": ("input", "输入"),
    "backprop_fig_output": ("output", "输出"),
    "backprop_fig_loss": ("loss", "损失"),
    "backprop_fig_step": ("step", "步"),
    "backprop_bad_example": (
        "Type two inputs and a target, each a number between -{limit} and {limit} (got x = {x}, y = {y}).",
        "请输入两个输入值和一个目标值，每个都是 -{limit} 到 {limit} 之间的数（收到 x = {x}，y = {y}）。"),
    "backprop_bad_weights": (
        "Weights '{name}' must have the shape {shape}.",
        "权重 “{name}” 的形状必须是 {shape}。"),
    "backprop_bad_seed": (
        "The seed must be a whole number from 0 to {limit} (got {seed}).",
        "随机种子必须是 0 到 {limit} 之间的整数（收到 {seed}）。"),
}
