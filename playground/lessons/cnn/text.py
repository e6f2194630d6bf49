"""The cnn lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_cnn": ("CNN internals", "CNN 内部"),
    "cnn_intro": (
        "Watch an image flow through a CNN: what the model predicts, every convolution and pooling stage at a "
        "glance, one layer's feature maps and filters, which pixels pushed the prediction (Grad-CAM), and the "
        "input region behind any feature-map position. Use a dataset sample, a sample photo (a cat, coffee, an "
        "astronaut, a rocket), upload a picture or draw a digit. The "
        "model trained in this session can be watched live while it trains.",
        "看一张图像如何流过 CNN：模型的预测、每个卷积和池化阶段的概览、某一层的特征图和卷积核、"
        "哪些像素推动了预测（Grad-CAM），以及任一特征图位置对应的输入区域。可以用数据集样本、"
        "示例照片（猫、咖啡、宇航员、火箭）、上传图片或手写一个数字。本会话中训练的模型在训练过程中也可以实时观看。"),
    "cnn_model": ("Model", "模型"),
    "cnn_model_info": (
        "The shipped LeNet-5 (trained on digits), the model trained in this session, any CNN (registry, "
        "timm/..., torchvision/...) with random weights, or one marked ImageNet (published/...): its published "
        "weights, downloaded once when the network allows.",
        "自带的 LeNet-5（在手写数字上训练）、本会话中训练的模型、任意使用随机权重的 CNN（注册表、timm/...、"
        "torchvision/...），或标有 ImageNet 的模型（published/...）：使用其已发布的权重，在能联网时下载一次。"),
    "cnn_draw": ("Draw a digit", "画一个数字"),
    "cnn_invert": ("Dark ink on light paper", "浅色纸上的深色笔迹"),
    "cnn_invert_info": (
        "Invert uploads and drawings for digit models, which learnt light strokes on black; colour models and the "
        "sample photos never invert.",
        "对数字模型把上传图像和手绘反相，因为它们学的是黑底浅色笔画；彩色模型和示例照片从不反相。"),
    "cnn_invert_off": (
        "Off for this model: it reads colour pictures, so photos and drawings keep their colours.",
        "此模型不反相：它读取彩色图像，所以照片和手绘保持原有的颜色。"),
    "cnn_live": ("Live while training", "训练时实时刷新"),
    "cnn_live_info": (
        "Refresh every 2 s while the Train tab trains this session's model.",
        "当训练标签页在训练本会话的模型时，每 2 秒刷新一次。"),
    "cnn_input": ("What the model sees", "模型看到的输入"),
    "cnn_top": ("Top predictions (softmax)", "最可能的预测（softmax）"),
    "cnn_overview": ("Every stage (3 strongest channels each)", "所有阶段（每层最强的 3 个通道）"),
    "cnn_layer": ("Layer", "层"),
    "cnn_k": ("Channels shown (strongest first)", "显示的通道数（按强度排序）"),
    "cnn_scale": ("Colour scale", "颜色范围"),
    "cnn_scale_channel": ("Per channel", "每个通道单独缩放"),
    "cnn_scale_layer": ("Shared by the layer", "整层共用"),
    "cnn_maps": ("Feature maps", "特征图"),
    "cnn_filters": ("Filters (weights) of this layer", "该层的卷积核（权重）"),
    "cnn_cam": ("Grad-CAM", "Grad-CAM"),
    "cnn_row": ("Feature-map row", "特征图的行"),
    "cnn_col": ("Feature-map column", "特征图的列"),
    "cnn_rf_plot": ("Receptive field in the input", "输入中的感受野"),
    "cnn_info": (
        "**{model}** · input {shape} · trained on: {dataset}",
        "**{model}** · 输入 {shape} · 训练数据：{dataset}"),
    "cnn_random_weights": ("nothing (random weights)", "无（随机权重）"),
    "cnn_cam_for": (
        "Grad-CAM for the predicted class **{name}**: warm colours mark the pixels whose increase would raise its "
        "score most.",
        "预测类别 **{name}** 的 Grad-CAM：暖色标出的像素增大时，该类别的得分上升最多。"),
    "cnn_cam_for_chosen": (
        "Grad-CAM for class **{name}**, the one you chose (the model predicts **{predicted}**): warm colours mark "
        "the pixels whose increase would raise its score most.",
        "你所选类别 **{name}** 的 Grad-CAM（模型预测的是 **{predicted}**）：暖色标出的像素增大时，该类别的得分上升"
        "最多。"),
    "cnn_rf": (
        "Unit ({row}, {col}) of **{layer}** sees input rows {top}–{bottom} and columns {left}–{right}: a "
        "{size}-pixel field; neighbouring units are {jump} pixels apart.",
        "**{layer}** 的单元 ({row}, {col}) 看到输入的第 {top}–{bottom} 行、第 {left}–{right} 列：感受野 {size} "
        "像素；相邻单元相隔 {jump} 像素。"),
    "cnn_rf_unknown": (
        "The receptive field of **{layer}** is not tracked for this model.",
        "这个模型没有跟踪 **{layer}** 的感受野。"),
    "cnn_fig_title": ("From input to classifier", "从输入到分类器"),
    "cnn_fig_region": ("receptive field", "感受野"),
    "cnn_fig_probability": ("Probability", "概率"),
    "cnn_fig_channel": ("channel", "通道"),
    "cnn_fig_scale": ("scaled", "缩放后"),
    "cnn_fig_weight": ("weight", "权重"),
    "cnn_fig_in": ("input channel", "输入通道"),
    "cnn_fig_out": ("filter", "卷积核"),
    "cnn_fig_importance": ("importance", "重要性"),
    "cnn_uploaded_model": ("The CNN with the weights uploaded below", "使用下方上传权重的 CNN"),
    "cnn_hint_upload": (
        "Now upload an image (any size; PNG, JPEG, WebP, ...).",
        "现在上传一张图像（任意尺寸；PNG、JPEG、WebP 等）。"),
    "cnn_hint_draw": (
        "Now draw a digit on the sketchpad: the views follow every stroke.",
        "现在在画板上画一个数字：每画一笔，各视图都会更新。"),
    "cnn_weights": (
        "Weights for the chosen CNN (.safetensors: from this app, or a state dict that matches)",
        "所选 CNN 的权重（.safetensors：本应用保存的，或名称和形状都匹配的 state_dict）"),
    "cnn_no_weights": (
        "No weights were uploaded in this session: choose a CNN, then upload its .safetensors file.",
        "本会话还没有上传权重：请先选择一个 CNN，再上传它的 .safetensors 文件。"),
    "cnn_softmax_note": (
        "Softmax turns scores into probabilities, p_i = exp(z_i) / Σ exp(z_j): the notes' scores 3, 1, −1 become "
        "86.7%, 11.7% and 1.6%.",
        "Softmax 把得分变成概率，p_i = exp(z_i) / Σ exp(z_j)：笔记中的得分 3、1、−1 变为 86.7%、11.7% 和 1.6%。"),
    "cnn_cam_class": ("Grad-CAM class", "Grad-CAM 的类别"),
    "cnn_cam_class_info": (
        "Class index; −1 uses the predicted class. Applied on Enter or when you leave the box.",
        "类别编号；−1 表示使用预测的类别。按回车或离开输入框即生效。"),
    "cnn_no_conv_layers": (
        "This model has no convolution or pooling layers, so it has no feature maps to show.",
        "这个模型没有卷积层或池化层，因此没有特征图可显示。"),
    "cnn_unknown_layer": (
        "The model has no convolution or pooling layer called '{layer}'.",
        "模型中没有名为 “{layer}” 的卷积层或池化层。"),
    "cnn_unknown_class": (
        "Class {index} does not exist: the model has {n} classes (0 to n - 1).",
        "类别 {index} 不存在：模型共有 {n} 个类别（0 到 n - 1）。"),
    "cnn_published_weights": (
        "ImageNet ({n} classes), published weights `{weights}`",
        "ImageNet（{n} 个类别），已发布的权重 `{weights}`"),
}
