"""The captioning lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_captioning": ("Show, attend and tell", "看图说话"),
    "captioning_intro": (
        "Show, Attend and Tell writes a sentence about a picture. A CNN encoder turns the image into a grid of "
        "feature vectors (the paper uses VGG's conv5_3, 14 × 14 × 512 at 224 × 224; this small model an 8 × 8 grid "
        "of a 64 × 64 scene); a fully connected layer makes the LSTM's first state from their mean; at every word "
        "the LSTM decoder *attends*: it weighs the grid cells, mixes their features and picks the next word. The "
        "model here was trained on generated scenes of two shapes.",
        "《Show, Attend and Tell》为图片写一句话。CNN 编码器把图像变成一格格的特征向量（论文用 VGG 的 conv5_3，224 × "
        "224 的输入得到 14 × 14 × 512；这个小模型对 64 × 64 的场景得到 8 × 8 的网格）；"
        "一个全连接层由它们的平均值得到 LSTM 的初始状态；每写一个词，LSTM 解码器都会*注意*：给各个格子加权、"
        "混合它们的特征，再选出下一个词。这里的模型是在由两个形状组成的生成场景上训练的。"),
    "captioning_source": ("Picture", "图片"),
    "captioning_source_scene": ("Built-in scene", "内置场景"),
    "captioning_source_upload": ("Upload", "上传"),
    "captioning_seed": ("Scene", "场景编号"),
    "captioning_seed_info": ("Held-out scenes the model never saw", "模型从未见过的留出场景"),
    "captioning_upload": ("Your picture", "你的图片"),
    "captioning_opacity": ("Attention opacity", "注意力不透明度"),
    "captioning_run": ("Caption", "生成描述"),
    "captioning_attention_plot": ("Where the model looked for each word", "每个词生成时模型看向哪里"),
    "captioning_probability_plot": ("Word probabilities and the gate β", "词的概率与门控 β"),
    "captioning_result": ("Caption: **{caption}**", "描述：**{caption}**"),
    "captioning_confidence": (
        "Confidence {confidence}% (the geometric mean of its words' probabilities).",
        "置信度 {confidence}%（各个词概率的几何平均）。"),
    "captioning_result_unlike": (
        "This picture is unlike the scenes the model was trained on (two coloured shapes on a dark background; "
        "only {share}% of its pixels could belong to one). It knows only those synthetic scenes, so its words are "
        "a guess in their vocabulary, not a description: perhaps **{caption}** (confidence {confidence}%, the "
        "geometric mean of its words' probabilities).",
        "这张图片不像模型训练时见过的场景（深色背景上的两个彩色图形；它只有 {share}% 的像素可能出自这样的场景）。"
        "模型只认识这些合成场景，所以它的用词只是用那套词汇做出的猜测，而不是对图片的描述：也许是 **{caption}**"
        "（置信度 {confidence}%，即各个词概率的几何平均）。"),
    "captioning_truth_right": ('The scene\'s true caption is "{truth}": right.', "场景的真实描述是“{truth}”：正确。"),
    "captioning_truth_wrong": ('The scene\'s true caption is "{truth}".', "场景的真实描述是“{truth}”。"),
    "captioning_no_end": ("The model did not end the sentence within its word limit.", "模型在字数上限内没有结束句子。"),
    "captioning_fig_beta": ("gate β", "门控 β"),
    "captioning_fig_eos": ("[end]", "[结束]"),
    "captioning_fig_image": ("picture", "图片"),
    "captioning_fig_probability": ("probability", "概率"),
    "captioning_fig_word": ("word", "词"),
    "captioning_too_small": (
        "The picture is {height} × {width} pixels; the captioner needs at least {min} on each side.",
        "图片为 {height} × {width} 像素；描述模型要求每边至少 {min} 像素。"),
    "captioning_bad_model": (
        "This model cannot caption here: it needs a Show, Attend and Tell captioner with the {vocab}-word scene "
        "vocabulary.",
        "这个模型无法在这里生成描述：需要使用 {vocab} 个词的场景词表的《Show, Attend and Tell》模型。"),
    "captioning_bad_steps": (
        "Training steps must be a whole number from 1 to {limit}; got {steps}.",
        "训练步数必须是 1 到 {limit} 之间的整数；收到的是 {steps}。"),
    "captioning_bad_seed": (
        "The seed must be a whole number from 0 to {limit}; got {seed}.",
        "种子必须是 0 到 {limit} 之间的整数；收到的是 {seed}。"),
    "captioning_bad_opacity": (
        "The opacity of the attention maps must be a number from 0 to 1, not {value}.",
        "注意力图的不透明度必须是 0 到 1 之间的数，而不是 {value}。"),
    "captioning_bad_count": (
        "The number of scenes must be a whole number from 1 to {limit}; got {n}.",
        "场景数量必须是 1 到 {limit} 之间的整数；收到的是 {n}。"),
}
