"""The masking lesson's error texts in English and Chinese, keyed as its PlaygroundErrors raise them. The computation
lives in tokens.py, corruption.py, predictions.py and mlm.py."""

MESSAGES = {
    "mlm_empty": ("Type a sentence first.", "请先输入一个句子。"),
    "mlm_too_long": ("The sentence has {n} characters; this tiny BERT reads at most {limit}.",
                     "这个句子有 {n} 个字符；这个小型 BERT 最多读取 {limit} 个。"),
    "mlm_unknown_chars": ("This tiny BERT does not know {chars}. It reads: {allowed}.",
                          "这个小型 BERT 不认识 {chars}。它能读取：{allowed}。"),
    "mlm_no_tokens": ("There is nothing to mask: the sequence holds only special tokens.",
                      "没有可遮盖的内容：序列里只有特殊词元。"),
    "mlm_bad_rate": ("The masking rate must be a number above 0 and at most 1, not {p}.",
                     "遮盖比例必须是大于 0、不超过 1 的数，而不是 {p}。"),
    "mlm_bad_top_k": ("Show between 1 and {limit} guesses per position, not {k}.",
                      "每个位置显示的候选数必须在 1 到 {limit} 之间，而不是 {k}。"),
    "mlm_bad_seed": ("The seed picks the positions to mask; it must be a whole number from 0 to {limit}, not {seed}.",
                     "随机种子决定遮盖哪些位置；它必须是 0 到 {limit} 之间的整数，而不是 {seed}。"),
    "mlm_bad_draws": ("The number of draws must be a whole number from 1 to {limit}, not {n}.",
                      "抽样次数必须是 1 到 {limit} 之间的整数，而不是 {n}。"),
    "mlm_bad_length": ("The sentence length must be a whole number from 1 to {limit}, not {n}.",
                       "句子长度必须是 1 到 {limit} 之间的整数，而不是 {n}。"),
    "mlm_bad_steps": ("The number of training steps must be a whole number from 1 to {limit}, not {steps}.",
                      "训练步数必须是 1 到 {limit} 之间的整数，而不是 {steps}。"),
    "mlm_bad_file": ("{name} is not a tiny BERT masked-LM file: {detail}",
                     "{name} 不是小型 BERT 掩码语言模型文件：{detail}"),
}
