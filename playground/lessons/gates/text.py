"""The gates lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_gates": ("Gates", "门控"),
    "gates_intro": (
        "Type a string of brackets and watch a recurrent network read it, one symbol at a time. The shipped LSTM, "
        "GRU and simple RNN learnt to tag every position with its nesting depth; here you see each gate open and "
        "close (LSTM: input i, forget f, output o, candidate g, cell c, hidden h; GRU: reset r, update z, "
        "candidate n), which units count the depth, and why gates were invented: how much gradient reaches back to "
        "the first steps in each kind of cell.",
        "输入一串括号，看循环网络如何一个符号一个符号地读它。随附的 LSTM、GRU 和简单 RNN "
        "学会了为每个位置标注嵌套深度；这里可以看到每个门如何打开和关闭（LSTM：输入门 i、遗忘门 f、输出门 o、"
        "候选值 g、细胞状态 c、隐藏状态 h；GRU：重置门 r、更新门 z、候选值 n），哪些单元在数深度，"
        "以及门为什么被发明出来：在每种单元里，有多少梯度能传回到最初的几步。"),
    "gates_model": ("Model", "模型"),
    "gates_model_info": (
        "✓ marks shipped trained models; the others have random weights. The session's model works when it is a "
        "recurrent tagger trained on brackets.",
        "✓ 表示随附的已训练模型；其余为随机权重。本会话的模型须是在括号数据上训练的循环标注模型。"),
    "gates_text": ("Bracket string", "括号串"),
    "gates_text_info": (
        "( and ) only, up to 200 symbols; spaces are ignored. Press Enter.",
        "只能包含 ( 和 )，最多 200 个符号；空格会被忽略。按回车确认。"),
    "gates_run": ("Show the gates", "显示门控"),
    "gates_live": ("Live while training", "训练时实时刷新"),
    "gates_live_info": (
        "With the session model chosen, redraw this string's gates every 2 s while it trains.",
        "选中本会话的模型时，训练期间每 2 秒重新绘制这串括号的门控。"),
    "gates_plot": ("Every gate and state over time (rows: units)", "每个门和状态随时间的变化（行：单元）"),
    "gates_gate": ("Gate or state for the lines", "画成曲线的门或状态"),
    "gates_units": ("Units to draw", "要画的单元"),
    "gates_units_info": (
        "Unit numbers separated by spaces; empty: the three units of the chosen gate that track the depth best.",
        "用空格分隔的单元编号；留空则画出所选门中最能跟踪深度的三个单元。"),
    "gates_units_plot": ("Chosen units over time, with the nesting depth", "所选单元随时间的变化，以及嵌套深度"),
    "gates_ranking": ("Units that track the nesting depth (Pearson r)", "跟踪嵌套深度的单元（皮尔逊相关系数 r）"),
    "gates_flow_intro": (
        "**Vanishing gradients.** Training needs the error at the last step to reach back to early steps. The "
        "curve shows ‖∂h_T/∂state_t‖ for each step t on your string: how strongly the state at step t still moves "
        "the last output. A simple RNN multiplies by the same recurrent weights at every step, so this shrinks (or "
        "grows) geometrically; the LSTM's cell is updated by addition, scaled by the forget gate, and the GRU's "
        "update gate can copy the old state through, so they can carry the gradient far, when their gates stay "
        "open. With random weights the simple RNN loses the most; the trained models show what each learnt "
        "instead: the shipped LSTM's forget gate closes as the depth falls back to 0, so the past stops mattering "
        "(compare ()()()()()()()() with ((((((((())))))))).",
        "**梯度消失。** 训练时，最后一步的误差需要传回到前面的步。曲线显示你的括号串上每一步 t 的 ‖∂h_T/∂state_t‖："
        "第 t 步的状态对最后输出的影响还有多大。简单 RNN 每一步都乘以同一组循环权重，因此它按几何级数缩小（或增大）"
        "；LSTM 的细胞状态通过加法更新、由遗忘门缩放，GRU 的更新门可以把旧状态直接传下去，所以只要门保持打开，"
        "它们就能把梯度传得很远。随机权重下简单 RNN 损失最多；训练后的模型则显示各自学到了什么：随附 LSTM "
        "的遗忘门会在深度回到 0 时关闭，过去便不再重要（比较 ()()()()()()()() 与 ((((((((())))))))）。"),
    "gates_flow_plot": ("How much gradient reaches each step (log scale)", "每一步能收到多少梯度（对数坐标）"),
    "gates_flow_text": (
        "Over {n} steps, the norm at the first step and at the last, and their ratio:",
        "在 {n} 步上，第一步和最后一步的范数及其比值："),
    "gates_flow_row": (
        "- **{model}**: {first} at the first step, {last} at the last, ratio {ratio}",
        "- **{model}**：第一步 {first}，最后一步 {last}，比值 {ratio}"),
    "gates_chosen": ("chosen: {model}", "所选：{model}"),
    "gates_flow_weights": ("Weights of the three cells", "三种单元的权重"),
    "gates_flow_weights_trained": ("trained (the shipped taggers)", "已训练（随附的标注模型）"),
    "gates_flow_weights_random": ("random (untrained, seeded)", "随机（未训练，固定种子）"),
    "gates_flow_trained": (
        "Trained cells: each keeps what its task needs, so the textbook order need not hold.",
        "已训练的单元：各自只保留任务需要的信息，所以教科书上的顺序不一定成立。"),
    "gates_flow_random": (
        "Random cells: what the architecture alone does to the gradient.",
        "随机权重的单元：只看结构本身对梯度的影响。"),
    "gates_bad_weights": (
        "Choose trained or random weights for the comparison, not {weights}.",
        "请为比较选择已训练或随机权重，而不是 {weights}。"),
    "gates_result": (
        "**{model}** ({mode}) read {n} symbols and tagged the depths `{output}`.",
        "**{model}**（{mode}）读入 {n} 个符号，标注的深度为 `{output}`。"),
    "gates_random_note": (
        "Random weights: the gates move, but mean nothing yet. Train a tiny LSTM on brackets on the Train tab, or "
        "choose a shipped model.",
        "随机权重：门在变化，但还没有意义。在“训练”标签页用括号数据训练 tiny_lstm，或选择一个随附模型。"),
    "gates_fig_i": ("input gate i", "输入门 i"),
    "gates_fig_f": ("forget gate f", "遗忘门 f"),
    "gates_fig_g": ("candidate g", "候选值 g"),
    "gates_fig_o": ("output gate o", "输出门 o"),
    "gates_fig_c": ("cell state c", "细胞状态 c"),
    "gates_fig_h": ("hidden state h", "隐藏状态 h"),
    "gates_fig_r": ("reset gate r", "重置门 r"),
    "gates_fig_z": ("update gate z", "更新门 z"),
    "gates_fig_n": ("candidate n", "候选值 n"),
    "gates_fig_time": ("step (symbol read)", "步（读入的符号）"),
    "gates_fig_unit": ("unit", "单元"),
    "gates_fig_target": ("depth", "深度"),
    "gates_fig_corr": ("correlation r with the depth", "与深度的相关系数 r"),
    "gates_fig_norm": ("‖∂h_T/∂state_t‖", "梯度范数 ‖∂h_T/∂state_t‖"),
    "gates_fig_step": ("step t", "第 t 步"),
    "gates_no_recurrent": (
        "This model is not a recurrent tagger that reads symbols. Choose an LSTM, GRU or RNN tagger (e.g. a "
        "shipped one, or train tiny_lstm on brackets).",
        "这个模型不是读取符号的循环标注模型。请选择 LSTM、GRU 或 RNN 标注模型（例如随附模型，或用括号数据训练 "
        "tiny_lstm）。"),
    "gates_empty": ("Type a bracket string first.", "请先输入一串括号。"),
    "gates_unknown_symbols": (
        "This model does not know {symbols}. It reads: {allowed}.",
        "这个模型不认识 {symbols}。它能读取：{allowed}。"),
    "gates_truncated": (
        "Your string had {n} symbols; the view reads at most {limit}, so the rest was cut off.",
        "你的括号串有 {n} 个符号；这里最多读取 {limit} 个，其余部分已截掉。"),
    "gates_other_length": (
        "This model learnt on strings of {trained} symbols and you gave it {n}.",
        "这个模型是在长度为 {trained} 的括号串上训练的，你给了它 {n} 个符号。"),
    "gates_too_short": (
        "Type at least 3 symbols for the unit finder (got {n}).",
        "单元查找至少需要 3 个符号（收到 {n}）。"),
    "gates_vocab_mismatch": (
        "These models read different symbols, so they cannot be compared on one string.",
        "这些模型读取的符号不同，无法在同一个串上比较。"),
    "gates_bad_unit": (
        "Unit {unit} does not exist: the model has {n} units (0 to n - 1).",
        "单元 {unit} 不存在：模型有 {n} 个单元（0 到 n - 1）。"),
    "gates_differs_forget_gate": (
        "**Where the notes differ.** The note `001_…` (LSTM, Forget Gate) says that when the forget gate opens, "
        "the memory cell's value is cleared. It is the other way round: the cell is updated as "
        "c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t, so an open forget gate (f ≈ 1) keeps the old cell and a closed one "
        "(f ≈ 0) clears it; the gate is named after what happens when it closes. Sources: Gers, Schmidhuber & "
        "Cummins, “Learning to Forget” (2000); the same formula in PyTorch's nn.LSTM documentation. In the figure, "
        "rows of f near 1 are units that remember.",
        "**与笔记不同之处。** 笔记 `001_…`（LSTM 一节中的《Forget Gate》）说遗忘门打开时会把记忆单元里的值清除。"
        "实际正好相反：细胞状态按 c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t 更新，遗忘门打开（f ≈ 1）时保留旧的细胞状态，"
        "关闭（f ≈ 0）时才把它清除；“遗忘”指的是门关闭时发生的事。来源：Gers、Schmidhuber 与 Cummins 的论文"
        "《Learning to Forget》（2000）；PyTorch 的 nn.LSTM 文档给出同一公式。图中 f 接近 1 的行，就是正在记住过去的单元。"),
}
