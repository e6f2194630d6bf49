"""The batches lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_batches": ("Batch size race", "批大小比赛"),
    "batches_intro": (
        "Training splits the data into batches: one batch gives one loss, one gradient and one update, and one "
        "pass over every batch is an epoch (shuffled before each). Here the same small MLP (2-16-16-2, tanh) "
        "learns the same 2,000 training points at batch 1, 16, 256 and the whole set (2,000, full-batch gradient "
        "descent), with the same optimiser, learning rate, seed and number of epochs. Small batches make many "
        "noisy updates per epoch; large ones make few smooth ones. The note (004_…) reports that very large "
        "batches (over 1,000) end up worse and that batch size is a hyperparameter to tune. Press **Race**; the "
        "four runs train one after another on this server's CPU, and the wall times are measured, not modelled.",
        "训练时把数据分成若干批：每一批算一次损失、一次梯度、做一次更新，把所有批都过一遍就是一个 "
        "轮（每一轮 开始前打乱顺序）。这里用同一个小 MLP（2-16-16-2，tanh）在同样的 2,000 "
        "个训练点上分别以批大小 1、16、256 和整个训练集（2,000，即全批量梯度下降）训练，优化器、学习率、"
        "随机种子和 轮 数都相同。小批量每一轮 更新很多次，但每次都带噪声；大批量更新次数少，但每次都很平滑。"
        "笔记（004_…）提到，极大的批（超过 1,000）结果较差，批大小是需要调的超参数。点击 **开始比赛**；"
        "四次训练在本服务器的 CPU 上依次进行，墙钟时间是实测的，不是推算的。"),
    "batches_dataset": ("Dataset", "数据集"),
    "batches_epochs": ("Epochs (the same for every batch size)", "轮数（各批大小相同）"),
    "batches_lr": ("Learning rate", "学习率"),
    "batches_optimizer": ("Optimizer", "优化器"),
    "batches_seed": ("Seed", "随机种子"),
    "batches_race": ("Race", "开始比赛"),
    "batches_loss_plot": ("Training loss: per update, and per second", "训练损失：按更新次数，以及按秒"),
    "batches_summary_plot": ("Test accuracy and seconds per epoch", "测试准确率与每一轮的秒数"),
    "batches_fig_updates": ("updates (log scale)", "更新次数（对数坐标）"),
    "batches_fig_seconds": ("seconds", "秒"),
    "batches_fig_loss": ("training loss", "训练损失"),
    "batches_fig_by_update": ("Loss over updates", "损失随更新次数"),
    "batches_fig_by_time": ("Loss over wall time", "损失随墙钟时间"),
    "batches_fig_accuracy": ("Test accuracy", "测试准确率"),
    "batches_fig_seconds_per_epoch": ("Seconds per epoch", "每一轮的秒数"),
    "batches_lane": ("batch {batch}", "批大小 {batch}"),
    "batches_lane_full": ("full batch ({batch})", "全批量（{batch}）"),
    "batches_table_head": (
        "| batch | updates | seconds per epoch | last training loss | test accuracy |\n|---|---|---|---|---|",
        "| 批大小 | 更新次数 | 每一轮 秒数 | 最后的训练损失 | 测试准确率 |\n|---|---|---|---|---|"),
    "batches_running": ("Training {name}: update {step} of {total}…", "正在训练{name}：第 {step} / {total} 次更新……"),
    "batches_waiting": ("waiting", "等待中"),
    "batches_plan": (
        "Updates per lane in this race (an epoch of N = 2,000 examples in batches of B takes N / B): {updates}.",
        "本次比赛各赛道的更新次数（N = 2,000 个样本、每批 B 个时，一轮 要更新 N / B 次）：{updates}。"),
    "batches_plan_item": ("{name}: **{updates}**", "{name}：**{updates}**"),
    "batches_diverged": ("diverged", "发散"),
    "batches_takeaway": (
        "In the same number of epochs ({epochs}), batch 1 made {small} updates and the full batch {full}. Each "
        "full-batch update uses the exact gradient, so its curve is smooth, but it makes very few of them: test "
        "accuracy {acc_full}, against {acc_best} for the best lane, {best}. One epoch took {sec_small} s at batch "
        "1 and {sec_full} s at the full batch: every update has a fixed cost, which a larger batch shares among "
        "more examples.",
        "在相同的 {epochs} 轮里，批大小 1 做了 {small} 次更新，全批量只做了 {full} 次。"
        "全批量每次更新用的是精确梯度，曲线很平滑，但更新次数极少：测试准确率 {acc_full}，而最好的是{best}，"
        "为 {acc_best}。一轮在批大小 1 时用了 {sec_small} 秒，全批量时用了 {sec_full} 秒："
        "每次更新都有固定开销，批越大，分摊到每个样本上的就越少。"),
    "batches_bad_epochs": (
        "Epochs must be above 0 and at most {high} (got {value}).",
        "轮数须大于 0 且不超过 {high}（收到 {value}）。"),
    "batches_bad_lr": (
        "The learning rate must be above 0 and at most {high} (got {value}).",
        "学习率须大于 0 且不超过 {high}（收到 {value}）。"),
    "batches_differs_large_batch": (
        "**Where the notes differ.** The note (004_…) says batches over 1,000 give poor results. That holds when "
        "everything else stays the same, as in the MNIST and CIFAR-10 runs the lecture cites (Keskar et al., "
        "2017, *On Large-Batch Training for Deep Learning*); 1,000 is no fixed limit. Scale the learning rate with "
        "the batch (η = 0.1 × B / 256) and warm it up over the first 5 epochs, and ResNet-50 trains on ImageNet at "
        "batch 8,192 (η = 3.2) to 23.74% top-1 error against 23.60% at batch 256 (Goyal et al., 2017, *Accurate, "
        "Large Minibatch SGD*). The race keeps one learning rate for every batch, so it shows the first effect.",
        "**与笔记不同之处。** 笔记（004_…）说超过 1,000 的批结果不好。这在其他条件都不变时成立，"
        "例如课程引用的 MNIST 和 CIFAR-10 实验（Keskar 等，2017，《On Large-Batch Training for Deep "
        "Learning》）；1,000 并不是固定的界限。让学习率随批大小按比例放大（η = 0.1 × B / 256），"
        "并在前 5 轮预热，ResNet-50 在 ImageNet 上以 8,192 的批（η = 3.2）训练，top-1 错误率为 "
        "23.74%，批大小 256 时为 23.60%（Goyal 等，2017，《Accurate, Large Minibatch SGD》）。"
        "本比赛对所有批大小使用同一个学习率，所以展示的是前一种效应。"),
}
