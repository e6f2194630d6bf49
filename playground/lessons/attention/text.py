"""The attention lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_attention": ("Attention", "注意力"),
    "attention_intro": (
        "Type a sequence and watch a Transformer attend to it: every layer and head at a glance, one head "
        "enlarged, the scaled dot product softmax(Q·Kᵀ/√d_k)·V worked through with its numbers, what causal and "
        "padding masks do, and how positions are encoded. The shipped Transformer and GPT reverse digit strings; "
        "the model trained in this session can be watched live while it trains.",
        "输入一个序列，看 Transformer 如何关注它：一眼看遍每一层、每个头，放大其中一个头，"
        "带着数字一步步算出缩放点积 softmax(Q·Kᵀ/√d_k)·V，看因果掩码和填充掩码起什么作用，以及位置是如何编码的。"
        "随附的 Transformer 和 GPT 会把数字串倒过来写；本会话训练的模型可以在训练时实时观察。"),
    "attention_model": ("Model", "模型"),
    "attention_model_info": (
        "✓ marks shipped trained models. tiny_gpt and tiny_bert read characters with random weights; the ViTs show "
        "attention over image patches (random weights unless you give a checkpoint; those marked ImageNet load their "
        "published weights, downloaded once when the network allows).",
        "✓ 表示随附的已训练模型。tiny_gpt 和 tiny_bert 读取字符，权重随机；ViT "
        "显示图像块上的注意力（除非提供检查点，否则为随机权重；标有 ImageNet 的会加载其已发布的权重，在能联网时下载一次）。"),
    "attention_text": ("Input sequence", "输入序列"),
    "attention_text_info": (
        "Digits for the digit models (e.g. 31415926), ( and ) for a bracket model, text for tiny_gpt and tiny_bert "
        "(type _ for BERT's <mask>). Press Enter.",
        "数字模型输入数字（如 31415926），括号模型输入 ( 和 )，tiny_gpt 与 tiny_bert 输入文字（用 _ 表示 BERT 的 "
        "<mask>）。按回车确认。"),
    "attention_run": ("Show attention", "显示注意力"),
    "attention_live": ("Live while training", "训练时实时刷新"),
    "attention_live_info": (
        "With the session model chosen, redraw this input's attention every 2 s while it trains.",
        "选中本会话的模型时，训练期间每 2 秒重新绘制这条输入的注意力。"),
    "attention_vit_inputs": ("Picture and weights for ViT models", "ViT 模型的图片和权重"),
    "attention_vit_weights": (
        "ViT weights (.safetensors state dict, e.g. timm's model.safetensors)",
        "ViT 权重（.safetensors 格式的 state dict，例如 timm 的 model.safetensors）"),
    "attention_overview": ("Every attention module (rows) × head (columns)", "所有注意力模块（行）× 头（列）"),
    "attention_module": ("Attention module", "注意力模块"),
    "attention_head": ("Head", "头"),
    "attention_subtab_head": ("One head", "单个头"),
    "attention_subtab_steps": ("Step by step", "逐步计算"),
    "attention_subtab_masks": ("Mask lab", "掩码实验"),
    "attention_subtab_pe": ("Positional encoding", "位置编码"),
    "attention_head_plot": ("The chosen head (rows: queries, columns: keys)", "所选的头（行：查询，列：键）"),
    "attention_head_note": (
        "Each row is one query token's attention over the keys and sums to 1. Crossed-out cells are masked: the "
        "softmax gives them exactly 0. In the reverse task, cross-attention forms an anti-diagonal: to write the "
        "i-th output digit the decoder looks at the i-th digit from the end.",
        "每一行是一个查询词元对各个键的注意力，总和为 1。打叉的格子被掩码遮住，softmax 后恰好为 0。在反转任务中，"
        "交叉注意力呈反对角线：解码器写第 i 个输出数字时，看的是倒数第 i 个输入数字。"),
    "attention_vit_matrix": ("ViT: the whole token × token matrix of the chosen head", "ViT：所选头完整的词元 × 词元矩阵"),
    "attention_steps_intro": (
        "One head on (at most) the first 10 tokens: Q, K and V are this head's projections of the input; Q·Kᵀ "
        "scores every query against every key; dividing by √d_k keeps the scores from growing with the head size; "
        "the mask sets forbidden scores to −∞; softmax turns each row into weights that sum to 1; the weights "
        "times V give this head's output.",
        "一个头作用于（最多）前 10 个词元：Q、K、V 是该头对输入的投影；Q·Kᵀ 给每个查询和每个键打分；除以 √d_k "
        "让分数不随头的维度增大而变大；掩码把不允许的分数设为 −∞；softmax 把每一行变成总和为 1 的权重；权重乘以 V "
        "得到这个头的输出。"),
    "attention_steps_plot": ("softmax(Q·Kᵀ/√d_k + mask)·V, step by step", "softmax(Q·Kᵀ/√d_k + 掩码)·V 逐步计算"),
    "attention_steps_text": (
        "{n} tokens, d_k = {d_k}, √d_k = {root}. Row sums after softmax: {low} to {high}. Largest difference from "
        "the weights the model itself computed: {diff}.",
        "{n} 个词元，d_k = {d_k}，√d_k = {root}。softmax 之后的行和：{low} 到 {high}。"
        "与模型自己算出的权重的最大差异：{diff}。"),
    "attention_steps_mask": (
        "This module is masked: a query may not look at later positions (−∞ above the diagonal).",
        "这个模块带掩码：查询不能看后面的位置（对角线以上为 −∞）。"),
    "attention_steps_no_mask": (
        "This module has no mask: every query sees every key.",
        "这个模块没有掩码：每个查询都能看到所有键。"),
    "attention_lab_intro": (
        "The same head's scores Q·Kᵀ/√d_k under three masks. Bidirectional (BERT, an encoder): every token sees "
        "all others. Causal (GPT, a decoder): token i sees tokens 0..i only. Padding: the `<pad>` tokens added to "
        "fill a batch are hidden from every query.",
        "同一个头的分数 Q·Kᵀ/√d_k 在三种掩码下的结果。双向（BERT，编码器）：每个词元都能看到其他所有词元。"
        "因果（GPT，解码器）：第 i 个词元只能看到第 0 到 i 个。填充：为凑齐批次而补上的 `<pad>` "
        "词元对所有查询都不可见。"),
    "attention_pad": ("<pad> tokens added", "补上的 <pad> 词元数"),
    "attention_pad_info": (
        "For the padding mask; the scores include these tokens, the mask hides them.",
        "用于填充掩码；分数包含这些词元，掩码把它们遮住。"),
    "attention_lab_plot": ("Masks (top) and the weights they give (bottom)", "掩码（上）及其得到的权重（下）"),
    "attention_lab_source": (
        "Encoder block {block}, head {head}, on your input plus {n} `<pad>` tokens.",
        "编码器第 {block} 块、第 {head} 个头，作用于你的输入加上 {n} 个 `<pad>` 词元。"),
    "attention_lab_model": (
        "Block {block}, head {head}, on your input plus {n} `<pad>` tokens.",
        "第 {block} 块、第 {head} 个头，作用于你的输入加上 {n} 个 `<pad>` 词元。"),
    "attention_result_translate": (
        "**{model}** read `{source}` and wrote `{output}` (greedy decoding: the most likely token at each step, "
        "fed back in).",
        "**{model}** 读入 `{source}`，写出 `{output}`（贪心解码：每一步取最可能的词元，再把它送回输入）。"),
    "attention_result_tag": (
        "**{model}** read `{source}` and tagged each position: `{output}`.",
        "**{model}** 读入 `{source}`，为每个位置打上标签：`{output}`。"),
    "attention_result_text": (
        "**{model}** read `{source}` and went on (greedy): `{output}`.",
        "**{model}** 读入 `{source}`，接着写下去（贪心）：`{output}`。"),
    "attention_result_bert": (
        "**{model}** read `{source}`; its guess for every position: `{output}`.",
        "**{model}** 读入 `{source}`；它对每个位置的猜测：`{output}`。"),
    "attention_result_vit": (
        "**{model}**: {n} blocks × {heads} heads over {tokens} tokens (a {grid} grid of patches plus the class "
        "token). Overview and overlay: how much the class token attends to each patch.",
        "**{model}**：{n} 个块 × {heads} 个头，作用于 {tokens} 个词元（{grid} 的图像块网格加上类别词元）。"
        "总览和叠加图：类别词元对每个图像块的关注程度。"),
    "attention_random_note": (
        "Random weights: these patterns mean nothing yet. Train one on the Train tab to see attention that does a "
        "job.",
        "随机权重：这些模式暂时没有意义。在“训练”标签页训练一个模型，就能看到真正起作用的注意力。"),
    "attention_vit_random_note": (
        "Random weights: these patterns mean nothing yet. The Train tab cannot train a ViT (its 224-pixel input is "
        "too large to train here): upload trained weights under “Picture and weights for ViT models” (a "
        ".safetensors state dict, such as timm's model.safetensors) to see attention that does a job.",
        "随机权重：这些模式暂时没有意义。“训练”标签页无法训练 ViT（它的 224 像素输入太大，无法在这里训练）：请在"
        "“ViT 模型的图片和权重”中上传训练好的权重（.safetensors 格式的 state dict，例如 timm 的 "
        "model.safetensors），就能看到真正起作用的注意力。"),
    "attention_lab_encoder_only": (
        "The mask lab runs the encoder alone, on your input: you chose **{chosen}**, which needs the decoder, so "
        "this is encoder block {block}'s self-attention.",
        "掩码实验只在你的输入上运行编码器：你选的 **{chosen}** 需要解码器，所以这里显示的是编码器第 {block} 块的"
        "自注意力。"),
    "attention_kind_encoder": ("Encoder {block}: self-attention", "编码器 {block}：自注意力"),
    "attention_kind_decoder": ("Decoder {block}: masked self-attention", "解码器 {block}：带掩码的自注意力"),
    "attention_kind_cross": ("Decoder {block}: cross-attention", "解码器 {block}：交叉注意力"),
    "attention_kind_vit": ("Block {block}: self-attention", "第 {block} 块：自注意力"),
    "attention_rollout": (
        "Attention rollout: all blocks multiplied together (heads averaged, residual added)",
        "注意力展开（rollout）：所有块相乘（各头取平均，并加上残差）"),
    "attention_fig_head": ("head", "头"),
    "attention_fig_layer": ("block", "块"),
    "attention_fig_weight": ("weight", "权重"),
    "attention_fig_attention": ("attention", "注意力"),
    "attention_fig_query": ("query", "查询"),
    "attention_fig_key": ("key", "键"),
    "attention_fig_masked": ("masked", "被遮住"),
    "attention_step_q": ("Q", "Q"),
    "attention_step_k": ("K", "K"),
    "attention_step_v": ("V", "V"),
    "attention_step_qk": ("Q·Kᵀ", "Q·Kᵀ"),
    "attention_step_scaled": ("÷ √d_k (d_k = {d_k})", "÷ √d_k（d_k = {d_k}）"),
    "attention_step_masked": ("+ mask (−∞ where forbidden)", "+ 掩码（不允许处为 −∞）"),
    "attention_step_softmax": ("softmax by row", "按行 softmax"),
    "attention_step_out": ("weights · V", "权重 · V"),
    "attention_step_dim": ("dimension", "维度"),
    "attention_step_row_sum": ("row sums", "行和"),
    "attention_mask_bidirectional": ("bidirectional", "双向"),
    "attention_mask_causal": ("causal", "因果"),
    "attention_mask_padding": ("padding", "填充"),
    "attention_mask_mask": ("mask", "掩码"),
    "attention_mask_weights": ("weights", "权重"),
    "attention_vit_no_steps": (
        "The step-by-step view and the mask lab are for the token models; for a ViT, see the whole token matrix "
        "under “One head”.",
        "逐步计算和掩码实验只适用于词元模型；ViT 请在“单个头”中查看完整的词元矩阵。"),
    "attention_no_layers": (
        "This model has no attention layers to show. Choose a Transformer, GPT, BERT or ViT.",
        "这个模型没有可显示的注意力层。请选择 Transformer、GPT、BERT 或 ViT。"),
    "attention_teaching_only": (
        "{model} is too large to look inside with random weights here; choose one of the teaching Transformers "
        "(tiny_transformer, tiny_gpt, tiny_bert) or a shipped model.",
        "{model} 太大，无法在这里用随机权重查看内部；请选择一个教学用 Transformer（tiny_transformer、tiny_gpt、"
        "tiny_bert）或随附模型。"),
    "attention_empty": ("Type a sequence first.", "请先输入一个序列。"),
    "attention_unknown_symbols": (
        "This model does not know {symbols}. It reads: {allowed}.",
        "这个模型不认识 {symbols}。它能读取：{allowed}。"),
    "attention_truncated": (
        "Your input had {n} tokens; the model reads at most {limit}, so the rest was cut off.",
        "你的输入有 {n} 个词元；模型最多读取 {limit} 个，其余部分已截掉。"),
    "attention_other_length": (
        "This model learnt on sequences of {trained} tokens and you gave it {n}: whether it still works shows how "
        "far it generalises (the shipped ones usually do not).",
        "这个模型是在长度为 {trained} 的序列上训练的，你给了它 {n} 个词元：它是否仍然正确，"
        "说明它能泛化到多远（随附的模型通常做不到）。"),
    "attention_unknown_layer": (
        "The model has no attention module '{layer}'. It has: {names}.",
        "模型中没有名为 “{layer}” 的注意力模块。现有模块：{names}。"),
    "attention_bad_head": (
        "Head {head} does not exist: this module has {n} heads (0 to n - 1).",
        "第 {head} 个头不存在：这个模块有 {n} 个头（0 到 n - 1）。"),
    "attention_bad_mask": (
        "Unknown mask '{mask}': use bidirectional, causal or padding.",
        "未知的掩码 “{mask}”：请使用 bidirectional、causal 或 padding。"),
    "attention_bad_pad": (
        "Add between 0 and {limit} padding tokens (got {n}).",
        "请补 0 到 {limit} 个填充词元（收到 {n}）。"),
    "attention_no_pad": (
        "This model's vocabulary has no padding token; set the padding to 0.",
        "这个模型的词表里没有填充词元；请把填充数设为 0。"),
    "attention_bad_block": (
        "Block {block} does not exist: the model has {n} blocks with self-attention.",
        "第 {block} 块不存在：模型有 {n} 个带自注意力的块。"),
    "attention_no_vit": (
        "This is not a Vision Transformer with attention over patches; choose a ViT or DeiT.",
        "这不是在图像块上做注意力的视觉 Transformer；请选择 ViT 或 DeiT。"),
    "attention_pe_intro": (
        "Attention itself ignores order, so position is added to every token. The sinusoidal encoding PE(pos, 2i) "
        "= sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)) gives each pair of dimensions its own "
        "wavelength. Because sin(a+b) and cos(a+b) expand into sines and cosines of a and b, PE(pos + k) is a "
        "fixed rotation of PE(pos), whatever pos is: checked below numerically.",
        "注意力本身不区分顺序，因此要给每个词元加上位置信息。正弦位置编码 PE(pos, 2i) = sin(pos / 10000^(2i/d))，"
        "PE(pos, 2i+1) = cos(pos / 10000^(2i/d)) 让每一对维度有自己的波长。由于 sin(a+b) 和 cos(a+b) 可以展开为 a "
        "和 b 的正弦、余弦，PE(pos + k) 是 PE(pos) 的一个固定旋转，与 pos 无关：下面用数值验证。"),
    "attention_pe_d_model": ("d_model", "d_model（向量维度）"),
    "attention_pe_length": ("Positions", "位置数"),
    "attention_pe_offset": ("Shift k", "偏移 k"),
    "attention_pe_offset_info": ("PE(pos + k) = M_k · PE(pos) for every pos.", "对每个 pos 都有 PE(pos + k) = M_k · PE(pos)。"),
    "attention_pe_dims": ("Dimensions to draw as waves", "画成波形的维度"),
    "attention_pe_dims_info": (
        "Numbers from 0 to d_model - 1, separated by spaces (at most 8). Press Enter.",
        "0 到 d_model - 1 之间的数字，用空格分隔（最多 8 个）。按回车确认。"),
    "attention_pe_heads": ("ALiBi heads", "ALiBi 头数"),
    "attention_pe_alibi_head": ("ALiBi head shown", "显示的 ALiBi 头"),
    "attention_pe_matrix": ("Sinusoidal encoding: position × dimension", "正弦位置编码：位置 × 维度"),
    "attention_pe_similarity": ("PE·PEᵀ: how alike two positions' encodings are", "PE·PEᵀ：两个位置的编码有多相似"),
    "attention_pe_waves": ("Chosen dimensions over positions", "所选维度随位置的变化"),
    "attention_pe_shift": ("The shift by k as a rotation", "偏移 k 就是一次旋转"),
    "attention_pe_schemes": (
        "Four ways to give attention positions: sinusoidal, learned, RoPE, ALiBi",
        "给注意力提供位置的四种方式：正弦、可学习、RoPE、ALiBi"),
    "attention_pe_shift_text": (
        "Shift k = {k}, checked at {n} positions. Largest error of M_k · PE(pos) against PE(pos + k): {err64} in "
        "float64, {err32} in float32. A linear map fitted by least squares without the formula (on the first "
        "{fit_dims} dimensions) leaves a residual of {fit}.",
        "偏移 k = {k}，在 {n} 个位置上检验。M_k · PE(pos) 与 PE(pos + k) 的最大误差：float64 下为 {err64}，float32 "
        "下为 {err32}。不借助公式、用最小二乘拟合出的线性映射（前 {fit_dims} 维），残差为 {fit}。"),
    "attention_pe_fig_position": ("position", "位置"),
    "attention_pe_fig_dimension": ("dimension", "维度"),
    "attention_pe_fig_value": ("value", "值"),
    "attention_pe_fig_dim": ("dim", "维度"),
    "attention_pe_fig_sin": ("sin", "sin"),
    "attention_pe_fig_cos": ("cos", "cos"),
    "attention_pe_fig_similarity": ("similarity", "相似度"),
    "attention_pe_fig_query": ("query", "查询"),
    "attention_pe_fig_key": ("key", "键"),
    "attention_pe_fig_matrix": ("M_k", "M_k"),
    "attention_pe_fig_shifted": ("PE(pos + k)", "PE(pos + k)"),
    "attention_pe_fig_rotated": ("M_k · PE(pos)", "M_k · PE(pos)"),
    "attention_pe_fig_error": ("largest error", "最大误差"),
    "attention_pe_fig_no_learned": (
        "The chosen model has no learned positions (choose a GPT or BERT)",
        "所选模型没有可学习的位置编码（请选择 GPT 或 BERT）"),
    "attention_pe_fig_sinusoidal": ("Sinusoidal (fixed)", "正弦（固定）"),
    "attention_pe_fig_learned": ("Learned (GPT, BERT)", "可学习（GPT、BERT）"),
    "attention_pe_fig_rope": ("RoPE: q·k depends on m − n only", "RoPE：q·k 只取决于 m − n"),
    "attention_pe_fig_alibi": ("ALiBi: bias −slope·(i − j)", "ALiBi：偏置 −斜率·(i − j)"),
    "attention_pe_bad_size": (
        "Use between 2 and {limit} positions and an even d_model up to {limit} (got {length} × {d_model}).",
        "位置数须在 2 到 {limit} 之间，d_model 须为不超过 {limit} 的偶数（收到 {length} × {d_model}）。"),
    "attention_pe_bad_dims": (
        "'{dims}' is not a list of dimensions between 0 and d_model - 1.",
        "“{dims}” 不是 0 到 d_model - 1 之间的维度列表。"),
    "attention_pe_bad_offset": (
        "The shift must be between 0 and {limit} (got {offset}).",
        "偏移须在 0 到 {limit} 之间（收到 {offset}）。"),
    "attention_pe_bad_head": (
        "ALiBi head {head} does not exist: there are {n} heads (0 to n - 1).",
        "ALiBi 第 {head} 个头不存在：共有 {n} 个头（0 到 n - 1）。"),
    "attention_pe_bad_heads": (
        "Use between 1 and {limit} ALiBi heads (got {n}).",
        "ALiBi 头数须在 1 到 {limit} 之间（收到 {n}）。"),
    # Inside a block (block_tab.py)
    "attention_subtab_block": ("Inside a block", "块的内部"),
    "attention_block_intro": (
        "Follow one encoder block number by number, with the shape after every step: the token embedding "
        "× √d_model, + the positional encoding, multi-head attention (each head, then Concat(heads)·Wᴼ), the "
        "residual Add and LayerNorm, the position-wise feed-forward network (d_model → d_ff → d_model, ReLU "
        "between), and the second Add & Norm. Type digits for the shipped Transformer's first encoder block "
        "(d_model 32, 2 heads, d_ff 64: 2 × d_model), or a sentence for a random block in the paper's proportions "
        "(d_model 16, 4 heads, d_ff 64: 4 × d_model, as 512 → 2048). Every value is what "
        "torch.nn.TransformerEncoderLayer or the model's own module computes on the same weights.",
        "一个数一个数地跟着一个编码器块走一遍，并看每一步之后的形状：词元嵌入 × √d_model，加上位置编码，"
        "多头注意力（每个头，然后 Concat(各头)·Wᴼ），残差相加与 LayerNorm，逐位置前馈网络（d_model → d_ff → "
        "d_model，中间是 ReLU），以及第二个 Add & Norm。输入数字，看随附 Transformer 的第一个编码器块"
        "（d_model 32，2 个头，d_ff 64，即 2 × d_model）；输入句子，看按论文比例搭建的随机权重块"
        "（d_model 16，4 个头，d_ff 64，即 4 × d_model，对应论文的 512 → 2048）。每个数值都与 "
        "torch.nn.TransformerEncoderLayer 或模型自己的模块在同一组权重上算出的结果相同。"),
    "attention_block_source": ("Block", "编码器块"),
    "attention_block_source_shipped": ("Digits → shipped Transformer", "数字 → 随附的 Transformer"),
    "attention_block_source_random": ("Sentence → random block", "句子 → 随机权重的块"),
    "attention_block_text": ("Input", "输入"),
    "attention_block_text_info": (
        "Digits 0-9 for the shipped Transformer, words for the random block; at most 16 tokens. Press Enter.",
        "随附的 Transformer 读数字 0-9，随机权重的块读单词；最多 16 个词元。按回车键运行。"),
    "attention_block_norm": ("Where LayerNorm sits", "LayerNorm 的位置"),
    "attention_block_norm_info": (
        "Post-LN (the paper): LayerNorm(x + Sublayer(x)). Pre-LN: x + Sublayer(LayerNorm(x)). Pre-LN trains more "
        "stably: the residual path from input to output passes through no LayerNorm, so at initialisation the "
        "gradients are of similar size in every layer, while Post-LN's are large near the output and need a "
        "learning-rate warm-up (Xiong et al. 2020).",
        "Post-LN（论文的做法）：LayerNorm(x + Sublayer(x))。Pre-LN：x + Sublayer(LayerNorm(x))。Pre-LN 训练更稳定："
        "从输入到输出的残差通路上没有 LayerNorm，初始化时各层的梯度大小相近；而 Post-LN 靠近输出的梯度很大，"
        "需要学习率预热（Xiong 等，2020）。"),
    "attention_block_steps": (
        "The block step by step: tokens down, dimensions across, each panel on its own scale centred on 0",
        "逐步看这个块：行是词元，列是维度，每个面板各用一个以 0 为中心的色标"),
    "attention_block_heads": (
        "Each head's attention weights, then Concat(heads) and Concat·Wᴼ",
        "每个头的注意力权重，然后是 Concat(各头) 与 Concat·Wᴼ"),
    "attention_block_norms": (
        "What each LayerNorm reads: mean and variance per token (before γ and β it makes them 0 and 1)",
        "每个 LayerNorm 的输入：每个词元的均值和方差（乘 γ、加 β 之前，LayerNorm 把它们变为 0 和 1）"),
    "attention_block_summary": (
        "{model}: d_model {d}, {h} heads of d_k = {dk}, d_ff {dff} = {ratio} × d_model, ReLU. {norm}. {n} tokens.",
        "{model}：d_model {d}，{h} 个头，每个头 d_k = {dk}，d_ff {dff} = {ratio} × d_model，ReLU。{norm}。共 {n} 个词元。"),
    "attention_block_model_shipped": (
        "The shipped Transformer's first encoder block (trained to reverse digit strings)",
        "随附 Transformer 的第一个编码器块（训练来反转数字串）"),
    "attention_block_model_random": ("A random-weight encoder block (seed 0)", "随机权重的编码器块（种子 0）"),
    "attention_block_post": (
        "Post-LN: LayerNorm after each residual addition, as in the paper",
        "Post-LN：每次残差相加之后做 LayerNorm，与论文相同"),
    "attention_block_pre": (
        "Pre-LN: LayerNorm first, inside each branch; the residual path carries no norm",
        "Pre-LN：先在每个分支内做 LayerNorm；残差通路上没有归一化"),
    "attention_block_shipped_pre": (
        "This model was trained Post-LN: Pre-LN here runs the same weights in the other order, to show where the "
        "norms go, not what a Pre-LN model would learn.",
        "这个模型是按 Post-LN 训练的：这里的 Pre-LN 只是把同一组权重换个顺序运行，用来展示归一化放在哪里，"
        "并不代表按 Pre-LN 训练的模型会学到什么。"),
    "attention_block_table_head": ("| # | Step | Computes | Shape |", "| # | 步骤 | 计算 | 形状 |"),
    "attention_block_step_embedding": ("Token embedding", "词元嵌入"),
    "attention_block_step_scaled": ("× √d_model", "乘以 √d_model"),
    "attention_block_step_input": ("+ positional encoding", "+ 位置编码"),
    "attention_block_step_heads": ("Each head", "每个头"),
    "attention_block_step_concat": ("Concat(heads)", "Concat(各头)"),
    "attention_block_step_attention": ("Multi-head attention", "多头注意力"),
    "attention_block_step_add1": ("Add 1 (residual)", "相加 1（残差）"),
    "attention_block_step_norm1": ("LayerNorm 1", "层归一化 1"),
    "attention_block_step_ffn_hidden": ("FFN layer 1", "FFN 第 1 层"),
    "attention_block_step_activation": ("ReLU", "ReLU"),
    "attention_block_step_ffn": ("FFN layer 2", "FFN 第 2 层"),
    "attention_block_step_add2": ("Add 2 (residual)", "相加 2（残差）"),
    "attention_block_step_norm2": ("LayerNorm 2", "层归一化 2"),
    "attention_block_scale": (
        "×√d_model = ×{root} (d_model = {d}): the embedding's root mean square {e} becomes {scaled}; the "
        "positional encoding's is {pe}.",
        "×√d_model = ×{root}（d_model = {d}）：嵌入的均方根从 {e} 变为 {scaled}；位置编码的均方根是 {pe}。"),
    "attention_block_relu": (
        "ReLU set {zero} of the {total} hidden values to 0 ({pct}).",
        "ReLU 把 {total} 个隐藏值中的 {zero} 个置为 0（{pct}）。"),
    "attention_block_fig_token": ("token", "词元"),
    "attention_block_fig_dim": ("dimension", "维度"),
    "attention_block_fig_value": ("value", "值"),
    "attention_block_fig_head": ("head", "头"),
    "attention_block_fig_concat": ("Concat(heads)", "Concat(各头)"),
    "attention_block_fig_output": ("output: Concat·Wᴼ + bᴼ", "输出：Concat·Wᴼ + bᴼ"),
    "attention_block_fig_query": ("query", "查询"),
    "attention_block_fig_key": ("key", "键"),
    "attention_block_fig_weight": ("weight", "权重"),
    "attention_block_fig_norm1": ("into LayerNorm 1", "LayerNorm 1 的输入"),
    "attention_block_fig_norm2": ("into LayerNorm 2", "LayerNorm 2 的输入"),
    "attention_block_fig_mean": ("mean per token", "每个词元的均值"),
    "attention_block_fig_variance": ("variance per token", "每个词元的方差"),
    "attention_block_digits": (
        "The shipped Transformer reads the digits 0-9 only, not {symbols}. Choose the random block for words.",
        "随附的 Transformer 只读数字 0-9，不认识 {symbols}。要输入单词，请选择随机权重的块。"),
    "attention_block_too_long": (
        "Your input has {n} tokens; this view reads at most {limit}.",
        "你的输入有 {n} 个词元；这个视图最多读取 {limit} 个。"),
    "attention_block_bad_choice": (
        "Unknown block or LayerNorm position ({source}, {norm}): choose shipped or random, and post or pre.",
        "未知的块或 LayerNorm 位置（{source}，{norm}）：请选择 shipped 或 random，以及 post 或 pre。"),
    "attention_differs_sqrt_d_model": (
        "**Where the notes differ.** `002_…` says in one line that the input embedding is *divided* by "
        "√num_hiddens before the positional encoding is added, and a few lines later that it is *multiplied* by "
        "the square root of the embedding size. Multiplying is right: the paper multiplies the embedding weights "
        "by √d_model (Vaswani et al. 2017, §3.4 “Embeddings and Softmax”; d2l's TransformerEncoder computes "
        "`embedding(X) * math.sqrt(num_hiddens)`), which is step 2 of the table below. The division by a square "
        "root belongs to attention: the scores are Q·Kᵀ / √d_k (§3.2.1), with d_k = d_model / h per head. With "
        "d_model = 32 the two readings differ by a factor of 32.",
        "**与笔记不同之处。** `002_…` 一处写输入嵌入要*除以* num_hiddens 的平方根，再加上位置编码；几行之后又写嵌入值"
        "*乘以*嵌入维度的平方根。乘法是对的：论文把嵌入权重乘以 √d_model（Vaswani 等，2017，§3.4《Embeddings and "
        "Softmax》；d2l 的 `TransformerEncoder` 写作 `embedding(X) * math.sqrt(num_hiddens)`），即下表的第 2 步。"
        "除以平方根的是注意力：分数为 Q·Kᵀ / √d_k（§3.2.1），每个头 d_k = d_model / h。d_model = 32 时，"
        "两种读法相差 32 倍。"),
    "attention_vit_published": (
        "Published ImageNet weights `{weights}`: the model sees **{name}** ({p}). Attention rollout shows which "
        "patches that answer flows from.",
        "已发布的 ImageNet 权重 `{weights}`：模型认为这是 **{name}**（{p}）。注意力展开显示这个答案来自哪些图块。"),
}
