"""The masking lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_masking": ("BERT masking", "BERT 掩码"),
    "masking_intro": (
        "BERT learns by filling in blanks. In pre-training **15%** of the tokens are chosen; of those **80%** "
        "become [MASK], **10%** a random token and **10%** stay as they were, and the model must predict every "
        "chosen one. Why the random 10%: the model cannot know which tokens it will be asked about or which were "
        "swapped, so it has to keep a contextual picture of every token; and random swaps touch only 1.5% of all "
        "tokens (10% of 15%), too few to hurt. The tiny BERT reads characters and was pre-trained here on "
        "generated sentences; BERT-base is Google's published model, reading WordPiece pieces of real English "
        "(a ## piece continues the word before it).",
        "BERT 通过填空来学习。预训练时选出 **15%** 的词元；其中 **80%** 换成 [MASK]，**10%** 换成随机词元，**10%** "
        "保持不变，模型要预测每一个被选中的词元。为什么要有随机的 10%：模型不知道会被问到哪些词元、哪些被替换过，"
        "所以必须为每个词元保留上下文表示；而随机替换只涉及全部词元的 1.5%（15% 的 10%），少到不会造成损害。"
        "小型 BERT 读取字符，是在这里用生成的句子预训练的；BERT-base 是 Google 发布的模型，读取真实英文的 WordPiece 片段"
        "（以 ## 开头的片段接在前一个片段之后，同属一个词）。"),
    "masking_text": ("Sentence", "句子"),
    "masking_text_info": (
        "Type _ where BERT should guess: a character for the tiny BERT (lowercase letters, digits, punctuation), a "
        "word for BERT-base (any English; [MASK] works too). Leave none and 15% are chosen at random",
        "在想让 BERT 猜的位置输入 _：小型 BERT 猜一个字符（小写字母、数字、标点），BERT-base 猜一个词（任意英文，"
        "也可以写 [MASK]）。不输入则由程序随机选出 15%"),
    "masking_seed": ("Seed", "随机种子"),
    "masking_seed_info": ("Another seed, another draw", "换一个种子，换一次抽取"),
    "masking_run": ("Mask and predict", "遮盖并预测"),
    "masking_masking_plot": ("Original, what BERT reads, and its guesses", "原句、BERT 读到的内容及其猜测"),
    "masking_predictions_plot": ("Top guesses at each chosen position", "每个被选位置的最佳猜测"),
    "masking_result_seed": (
        "{chosen} of the {n} characters were chosen: {mask} became [MASK], {random} a random character, {keep} "
        "stayed.",
        "{n} 个字符中选出了 {chosen} 个：{mask} 个换成 [MASK]，{random} 个换成随机字符，{keep} 个保持不变。"),
    "masking_result_visitor": (
        "You masked {chosen} of the {n} characters ({mask} [MASK]).",
        "你遮盖了 {n} 个字符中的 {chosen} 个（{mask} 个 [MASK]）。"),
    "masking_accuracy": (
        "The model's top guess is right at {accuracy} of them.",
        "其中模型的最佳猜测正确的比例为 {accuracy}。"),
    "masking_statistics_intro": (
        "**Over many draws.** The same rule on many random sentences: the shares settle at 15% chosen, 12% [MASK], "
        "1.5% random and 1.5% unchanged of all tokens.",
        "**多次抽取。** 在许多随机句子上应用同一规则：各比例会稳定在全部词元的 15% 被选中、12% 换成 [MASK]、1.5% "
        "随机替换、1.5% 保持不变。"),
    "masking_draws": ("Sentences drawn", "抽取的句子数"),
    "masking_statistics_plot": ("Observed and expected shares", "观测比例与期望比例"),
    "masking_statistics": (
        "{draws} sentences, {tokens} characters: chosen **{chosen}** (expected {e_chosen}), [MASK] **{mask}** "
        "({e_mask}), random **{random}** ({e_random}), unchanged **{keep}** ({e_keep}).",
        "{draws} 个句子，{tokens} 个字符：被选中 **{chosen}**（期望 {e_chosen}），[MASK] **{mask}**（{e_mask}），"
        "随机替换 **{random}**（{e_random}），保持不变 **{keep}**（{e_keep}）。"),
    "masking_fig_bos": ("[CLS]", "[CLS]"),
    "masking_fig_eos": ("[SEP]", "[SEP]"),
    "masking_fig_mask_token": ("[MASK]", "[MASK]"),
    "masking_fig_space": ("␣", "␣"),
    "masking_fig_original": ("original", "原句"),
    "masking_fig_corrupted": ("what BERT reads", "BERT 读到的"),
    "masking_fig_predicted": ("top guess", "最佳猜测"),
    "masking_fig_position": ("position", "位置"),
    "masking_fig_probability": ("probability", "概率"),
    "masking_fig_rank": ("rank", "名次"),
    "masking_fig_count": ("count", "次数"),
    "masking_fig_expected": ("expected", "期望"),
    "masking_fig_observed": ("observed", "观测"),
    "masking_fig_fraction": ("share of all tokens", "占全部词元的比例"),
    "masking_fig_unchanged": ("not chosen", "未选中"),
    "masking_fig_special": ("special token", "特殊词元"),
    "masking_fig_mask": ("chosen → [MASK]", "选中 → [MASK]"),
    "masking_fig_random": ("chosen → random", "选中 → 随机"),
    "masking_fig_keep": ("chosen → kept", "选中 → 不变"),
    "masking_fig_correct": ("right guess", "猜对"),
    "masking_fig_wrong": ("wrong guess", "猜错"),
    "masking_fig_guess": ("guess", "猜测"),
    "masking_fig_chosen": ("chosen", "选中"),
    "masking_empty": ("Type a sentence first.", "请先输入一个句子。"),
    "masking_too_long": (
        "The sentence has {n} characters; this tiny BERT reads at most {limit}.",
        "这个句子有 {n} 个字符；这个小型 BERT 最多读取 {limit} 个。"),
    "masking_unknown_chars": (
        "This tiny BERT does not know {chars}. It reads: {allowed}.",
        "这个小型 BERT 不认识 {chars}。它能读取：{allowed}。"),
    "masking_no_tokens": (
        "There is nothing to mask: the sequence holds only special tokens.",
        "没有可遮盖的内容：序列里只有特殊词元。"),
    "masking_bad_rate": (
        "The masking rate must be a number above 0 and at most 1, not {p}.",
        "遮盖比例必须是大于 0、不超过 1 的数，而不是 {p}。"),
    "masking_bad_top_k": (
        "Show between 1 and {limit} guesses per position, not {k}.",
        "每个位置显示的候选数必须在 1 到 {limit} 之间，而不是 {k}。"),
    "masking_bad_seed": (
        "The seed picks the positions to mask; it must be a whole number from 0 to {limit}, not {seed}.",
        "随机种子决定遮盖哪些位置；它必须是 0 到 {limit} 之间的整数，而不是 {seed}。"),
    "masking_bad_draws": (
        "The number of draws must be a whole number from 1 to {limit}, not {n}.",
        "抽样次数必须是 1 到 {limit} 之间的整数，而不是 {n}。"),
    "masking_bad_length": (
        "The sentence length must be a whole number from 1 to {limit}, not {n}.",
        "句子长度必须是 1 到 {limit} 之间的整数，而不是 {n}。"),
    "masking_bad_steps": (
        "The number of training steps must be a whole number from 1 to {limit}, not {steps}.",
        "训练步数必须是 1 到 {limit} 之间的整数，而不是 {steps}。"),
    "masking_bad_file": (
        "{name} is not a tiny BERT masked-LM file. Upload a file this app saved for tiny_bert, unchanged.",
        "{name} 不是小型 BERT 掩码语言模型文件。请上传本应用为 tiny_bert 保存、未经修改的文件。"),
    "masking_model": ("Model", "模型"),
    "masking_model_info": (
        "BERT-base is Google's published model; the first use downloads about 440 MB into the Hugging Face cache",
        "BERT-base 是 Google 发布的模型；第一次使用时会向 Hugging Face 缓存下载约 440 MB"),
    "masking_model_tiny_bert": ("Tiny BERT (characters, shipped)", "小型 BERT（字符级，随应用提供）"),
    "masking_model_bert-base-uncased": (
        "BERT-base uncased (WordPiece, published weights)", "BERT-base uncased（不区分大小写，WordPiece，已发布的权重）"),
    "masking_result_words_seed": (
        "{chosen} of the {n} WordPiece tokens were chosen: {mask} became [MASK], {random} a random token, {keep} "
        "stayed.",
        "{n} 个 WordPiece 词元中选出了 {chosen} 个：{mask} 个换成 [MASK]，{random} 个换成随机词元，{keep} 个保持不变。"),
    "masking_result_words_visitor": (
        "You masked {chosen} of the {n} WordPiece tokens; BERT-base's five best guesses for each are below.",
        "你遮盖了 {n} 个 WordPiece 词元中的 {chosen} 个；下面是 BERT-base 对每个位置的前五个猜测。"),
    "masking_downloading": (
        "Downloading BERT-base ({size}) into the Hugging Face cache; later visits load it from there.",
        "正在把 BERT-base（{size}）下载到 Hugging Face 缓存；以后直接从缓存加载。"),
    "masking_bert_too_long": (
        "The sentence makes {n} WordPiece tokens with [CLS] and [SEP]; BERT-base has {limit} positions.",
        "这个句子加上 [CLS] 和 [SEP] 共有 {n} 个 WordPiece 词元；BERT-base 只有 {limit} 个位置。"),
    "masking_bert_text_too_long": (
        "The text has {n} characters; BERT-base reads at most {limit} tokens, so keep it under {chars} characters.",
        "这段文字有 {n} 个字符；BERT-base 最多读取 {limit} 个词元，请控制在 {chars} 个字符以内。"),
    "masking_heads_intro": (
        "**Attention heads (BertViz's head view).** For the chosen layer, each token on the left is joined to every "
        "token on the right that it attends to, one colour per head, the line as opaque as the weight. Click a head "
        "in the legend to hide it, double-click to see it alone. The input is what the model read above.",
        "**注意力头（BertViz 的头视图）。** 在所选的层中，左侧每个词元与它所关注的右侧词元相连，每个头一种颜色，"
        "连线的不透明度就是注意力权重。点击图例中的某个头可隐藏它，双击则只显示它。输入就是上面模型读到的内容。"),
    "masking_layer": ("Layer", "层"),
    "masking_heads_plot": ("Attention heads of one layer", "某一层的注意力头"),
    "masking_fig_heads_title": ("layer {layer}: query (left) → key (right)", "第 {layer} 层：查询（左）→ 键（右）"),
    "masking_fig_head": ("head {head}", "头 {head}"),
    "masking_fig_attends": ("attends most to", "最关注"),
}
