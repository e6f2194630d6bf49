"""Every user-facing string, in English and Simplified Chinese, under one key; message() fills in runtime values.

Plain dictionaries: the UI wraps them in gr.I18n for labels, and the core never needs them (it raises
PlaygroundError with a key). A test fails when a key is missing in either language.
"""
from __future__ import annotations

LANGUAGES = ("en", "zh-CN")

EN: dict[str, str] = {
    # App
    "app_title": "Neural-network playground",
    "app_intro": "Pick any classic architecture, or any timm / torchvision model, and see what every layer does "
                 "to the shape of the data, what it costs in parameters and compute, and how far each unit sees.",
    "tab_architecture": "Architecture",

    # Architecture tab: inputs
    "group_label": "Family",
    "group_mlp": "MLP",
    "group_cnn": "CNN",
    "group_rnn": "RNN / seq2seq",
    "group_transformer": "Transformer",
    "group_timm": "timm catalog",
    "group_torchvision": "torchvision catalog",
    "model_label": "Model",
    "model_info": "Type to search. Catalog models are built with random weights; nothing is downloaded.",
    "shape_label": "Input shape (without the batch)",
    "shape_info": "Images: channels x height x width, e.g. 3x224x224. Sequences: the length (token models) or "
                  "length x features; encoder-decoders: source length x target length.",
    "inspect_button": "Inspect",
    "depth_label": "Table depth",
    "depth_info": "0 shows the whole model only; 1 its top-level parts; the largest value every module.",
    "log_label": "Logarithmic axis",

    # Architecture tab: outputs
    "summary_label": "Summary",
    "totals_label": "Totals (JSON, as returned by the API)",
    "subtab_inspector": "Model inspector",
    "subtab_totals": "Totals (JSON)",
    "subtab_table": "Layer table",
    "subtab_charts": "Charts",
    "subtab_source": "PyTorch source",
    "table_label": "Layers, in the order they run",
    "table_legend": "**Columns.** *input / output shape* include the batch; *params* counts the weights inside the "
                    "module, a shared tensor once; *MACs* are multiply-adds over all calls (FLOPs = 2 x MACs); "
                    "*calls* is how often the module ran (a recurrent cell runs once per step); *output KB* is the "
                    "memory of its outputs in float32. For image models, *receptive field* is the size in input "
                    "pixels of the region one output unit sees, *jump* the distance in input pixels between two "
                    "neighbouring units, and *start* the centre of the first unit's region (pixel centres are 0, 1, "
                    "2, ...); *global* means every unit sees the whole input. Normalisation statistics and "
                    "channel-attention scales are not counted in the receptive field.",
    "profile_label": "Parameters and output size of every leaf layer",
    "diagram_label": "Block diagram: top-level stages and their output shapes",
    "source_label": "Source of the registry model (random weights; copy it to train on your own machine)",
    "source_catalog": "# Catalog models come from their library; build this one with:\n{code}\n",

    # Model card
    "card_paper": "Paper",
    "card_default_input": "Default input",
    "card_teaching": "Teaching size: trains in seconds on a CPU.",
    "card_catalog": "Built with random weights from the library's own code; nothing is downloaded.",
    "card_note": "How this differs",
    "card_kind_image": "image (channels x height x width)",
    "card_kind_vector": "vector (features)",
    "card_kind_series": "series (steps x features)",
    "card_kind_tokens": "token ids (sequence length)",
    "card_kind_token_pair": "token ids for encoder and decoder (source length x target length)",

    # Summary
    "sum_params": "Parameters",
    "sum_trainable": "trainable",
    "sum_macs": "Multiply-adds",
    "sum_flops": "FLOPs",
    "sum_weights": "Weights",
    "sum_activations": "Activations",
    "sum_activations_hint": "outputs of every leaf layer, one forward pass",
    "sum_output": "Output shape",
    "sum_rf": "Largest receptive field",
    "sum_layers": "Layers with weights",
    "sum_time": "Inspected in {seconds} s on the {device} device.",
    "sum_device_meta": "meta (shapes only, no weights in memory)",
    "sum_device_cpu": "CPU (this model reads tensor values, so it ran for real)",

    # Charts
    "chart_layer": "layer (in execution order)",
    "chart_params": "parameters",
    "chart_outputs": "output elements",
    "chart_empty": "Nothing to draw yet: inspect a model first.",

    # Convolution arithmetic
    "conv_heading": "Convolution arithmetic",
    "conv_intro": "One axis of a convolution or pooling window. The notes' formula is "
                  "out = (n - k + 2p) / s + 1; with dilation d the kernel spans d(k - 1) + 1 pixels and PyTorch "
                  "rounds down: out = floor((n + 2p - d(k - 1) - 1) / s) + 1.",
    "conv_size": "Input size n",
    "conv_kernel": "Kernel k",
    "conv_stride": "Stride s",
    "conv_padding": "Padding p",
    "conv_dilation": "Dilation d",
    "conv_position": "Output position (row-major)",
    "conv_plot_label": "The window on the padded input (left) and the output it produces (right)",
    "conv_result": "floor(({n} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1 = **{out}**: {n}×{n} inputs give "
                   "**{out}×{out}** outputs.",
    "conv_exact": "The windows fit exactly: the last one ends at the padded edge.",
    "conv_skipped": "The division is not exact: the last {r} padded row(s) are never covered by a window.",
    "conv_legend_input": "input",
    "conv_legend_padding": "padding",
    "conv_legend_window": "window",
    "conv_legend_window_padding": "window over padding",
    "conv_legend_output": "output",

    # Worked comparisons
    "compare_heading": "Two worked comparisons from the notes",
    "compare_bottleneck_title": "ResNet's bottleneck vs two 3x3 convolutions",
    "compare_bottleneck_intro": "A bottleneck block cuts the channels with a 1x1 convolution, runs the 3x3 "
                                "convolution on the narrow tensor, and restores the channels with another 1x1. "
                                "Weights only (no biases), as in the notes.",
    "compare_stack_title": "Stacked small kernels vs one large kernel",
    "compare_stack_intro": "n stacked k×k convolutions see a 1 + n(k − 1) pixel square, the same as one large "
                           "kernel, with fewer weights and n non-linearities instead of one.",
    "compare_channels": "Channels C",
    "compare_layers": "Stacked layers n",
    "compare_kernel": "Small kernel k",
    "compare_size": "Feature map size (for multiply-adds)",
    "cmp_design": "Design",
    "cmp_layers": "Convolutions",
    "cmp_params": "Weights",
    "cmp_macs": "Multiply-adds",
    "cmp_rf": "Receptive field",
    "cmp_nonlin": "Non-linearities",
    "cmp_bottleneck": "Bottleneck 1x1 → 3x3 → 1x1",
    "cmp_two_3x3": "Two 3x3 convolutions",
    "cmp_stack": "{n} stacked {k}x{k}",
    "cmp_single": "One {b}x{b}",
    "cmp_ratio": "The second design needs **{ratio}×** the weights of the first.",

    # Errors
    "error_title": "Input problem",
    "unknown_model": "There is no model called '{model}'. Pick one from the list, or type a registry key, "
                     "'timm/<name>' or 'torchvision/<name>'.",
    "bad_shape": "'{text}' is not a shape. Write whole numbers separated by x, for example {example}.",
    "wrong_rank": "'{text}' has the wrong number of dimensions: this model takes {expected} (without the batch), "
                  "for example {example}.",
    "nonpositive_shape": "Every dimension of '{text}' must be at least 1, for example {example}.",
    "too_long": "A sequence of {length} steps is longer than the playground allows ({limit}).",
    "too_much_memory": "This input would need about {need_mb} MB of activations, more than the {limit_mb} MB this "
                       "playground allows. Try a smaller input.",
    "input_too_small": "The input is too small for {model}: the feature map has shrunk to nothing at layer "
                       "'{layer}' ({kind}), whose input is {shape}. Use a larger input. (PyTorch: {detail})",
    "shape_mismatch": "{model} cannot take this input: layer '{layer}' ({kind}) failed on an input of {shape}. "
                      "(PyTorch: {detail})",
    "cannot_build": "{model} could not be built for inspection. (Detail: {detail})",
    "not_whole_number": "Every setting must be a whole number.",
    "conv_out_of_range": "Sizes, kernels, strides and dilations must be between 1 and {limit}; padding between 0 "
                         "and {limit}.",
    "conv_kernel_too_big": "The kernel spans {span} pixels but the padded input is only {padded}: add padding or "
                           "shrink the kernel.",
    "compare_bad_channels": "Use a channel count of at least {reduction} that is divisible by {reduction} "
                            "(and at most 4096); {channels} does not work.",
    "compare_bad_stack": "Use 1 to 4096 channels, 1 to 16 layers and a kernel of 3, 5 or 7.",
    "internal_error": "Something went wrong on our side ({detail}). The app keeps running; please try again.",

    # Train tab
    "tab_train": "Train",
    "tr_intro": "Train a model for a few seconds on a dataset that ships with the app and watch it learn. "
                "Teaching models come first in the list; the settings of the shipped recipe fill in when you pick "
                "a model and dataset that have one. The model you train stays in this browser session and the "
                "other tabs use it.",
    "tr_model": "Model",
    "tr_model_info": "Teaching models train in seconds on a CPU. Catalog models (timm/..., torchvision/...) "
                     "train on 32x32 images.",
    "tr_dataset": "Dataset",
    "tr_device": "**Device:** {device}",
    "tr_data_options": "Dataset options",
    "tr_noise": "Noise",
    "tr_train_ratio": "Share used for training",
    "tr_n_samples": "Number of points",
    "tr_n_train": "Training examples",
    "tr_seq_len": "Sequence length",
    "tr_optimizer": "Optimizer",
    "tr_lr": "Learning rate",
    "tr_batch": "Batch size",
    "tr_epochs": "Epochs",
    "tr_steps": "Steps",
    "tr_steps_info": "0 = use epochs",
    "tr_more": "More settings",
    "tr_momentum": "Momentum (SGD with momentum)",
    "tr_weight_decay": "Weight decay",
    "tr_warmup": "Warm-up steps",
    "tr_schedule": "Learning-rate schedule",
    "tr_loss": "Loss",
    "tr_grad_clip": "Gradient clipping (max norm, 0 = off)",
    "tr_seed": "Seed",
    "tr_amp": "Mixed precision on CUDA",
    "tr_hidden": "Hidden layers",
    "tr_hidden_info": "Units per layer, comma-separated, e.g. 8,8 (up to 6 layers of up to 256 units)",
    "tr_activation": "Activation",
    "tr_train": "Train",
    "tr_stop": "Stop",
    "tr_evaluate": "Evaluate",
    "tr_curves": "Loss and accuracy",
    "tr_boundary": "Decision boundary (2-D data)",
    "tr_confusion": "Confusion matrix / predictions",
    "tr_mistakes": "Misclassified test examples",
    "tr_files": "Save, load and shipped models",
    "tr_download": "Download the trained model (safetensors + JSON)",
    "tr_upload": "Load a model (.safetensors from this app)",
    "tr_pretrained": "Shipped teaching model",
    "tr_load_pretrained": "Load shipped model",
    "tr_session": "Session model",
    "opt_sgd": "SGD",
    "opt_momentum": "SGD with momentum",
    "opt_adagrad": "Adagrad",
    "opt_rmsprop": "RMSprop",
    "opt_adam": "Adam",
    "opt_adamw": "AdamW",
    "sched_constant": "Constant",
    "sched_cosine": "Cosine decay",
    "sched_linear": "Linear decay",
    "sched_step": "Step decay (x0.1 at 50% and 75%)",
    "loss_auto": "Fits the task",
    "loss_cross_entropy": "Cross-entropy",
    "loss_bce": "Binary cross-entropy",
    "loss_mse": "Mean squared error",
    "tr_fig_loss": "Loss",
    "tr_fig_accuracy": "Accuracy",
    "tr_fig_r2": "R² (1 = perfect)",
    "tr_fig_step": "Step",
    "tr_fig_train": "Training",
    "tr_fig_test": "Test",
    "tr_fig_true": "True",
    "tr_fig_pred": "Predicted",
    "tr_fig_probability": "P(blue)",
    "tr_fig_input": "Input",
    "tr_fig_target": "Next value",
    "tr_metric_loss": "Test loss",
    "tr_metric_accuracy": "Test accuracy",
    "tr_metric_sequence_accuracy": "Whole sequences right",
    "tr_metric_r2": "Test R²",
    "tr_estimate": "**Estimate:** {params} parameters · {steps} steps · about {seconds} s and {memory} "
                   "on {device}.",
    "tr_status_running": "Step {step} / {total} · epoch {epoch} · {rate} samples/s · about {eta} s left · "
                         "{device}",
    "tr_status_done": "Done: {step} steps in {elapsed} s ({rate} samples/s) on {device}.",
    "tr_status_stopped": "Stopped at step {step} of {total} after {elapsed} s; the model keeps what it learnt "
                         "so far.",
    "tr_status_time_limit": "Stopped at the time limit after {elapsed} s (step {step} of {total}); the model "
                            "keeps what it learnt so far.",
    "tr_status_diverged": "The loss became NaN or infinite at step {step}.",
    "tr_result_head": "**{model}** trained on **{dataset}** for {steps} steps.",
    "tr_mistake_caption": "{true} → {pred}",
    "tr_col_input": "Input",
    "tr_col_expected": "Expected",
    "tr_col_predicted": "Predicted",
    "tr_no_mistakes": "No mistakes on the test split.",
    "tr_stopping": "Stopping after the current step…",
    "tr_nothing_to_stop": "Nothing is training in this session.",
    "tr_loaded": "Loaded “{name}” into this session.",

    # Train tab: errors
    "tr_already_running": "A training run is already going on in this session. Stop it first, or wait for it "
                          "to finish.",
    "tr_no_model": "There is no model in this session yet. Train one, load a shipped model or upload a "
                   "checkpoint first.",
    "tr_no_file": "Choose a .safetensors file first.",
    "tr_no_dataset": "No built-in dataset fits {model}.",
    "tr_bad_hidden": "'{text}' is not a list of layer widths. Write 1 to 6 whole numbers from 1 to 256, "
                     "separated by commas, e.g. 8,8.",
    "dataset_unknown": "There is no dataset called '{name}'.",
    "dataset_option": "The dataset option {option} = {value} is not allowed here (allowed: {low} to {high}).",
    "dataset_unavailable": "The {name} dataset is not in {folder} and could not be downloaded (no network?). "
                           "Put the torchvision files there, or use a built-in dataset.",
    "train_device_unknown": "Unknown device '{device}': use auto, cpu, cuda or mps.",
    "train_device_missing": "This machine has no {device} device; use auto or cpu.",
    "train_optimizer_unknown": "Unknown optimizer '{name}'.",
    "train_schedule_unknown": "Unknown learning-rate schedule '{name}'.",
    "train_loss_unknown": "Unknown loss '{name}'.",
    "train_loss_mismatch": "The loss '{loss}' does not fit a {task} task: binary cross-entropy needs two classes, "
                           "mean squared error needs real-valued targets. Choose 'Fits the task'.",
    "train_lr": "The learning rate must be a number greater than 0 and at most {high}; {value} is not.",
    "train_momentum": "Momentum must be between {low} and {high}; {value} is not.",
    "train_weight_decay": "Weight decay must be between {low} and {high}; {value} is not.",
    "train_batch_size": "The batch size must be a whole number from {low} to {high} (the training examples); "
                        "{value} is not.",
    "train_epochs": "Epochs must be between {low} and {high}; {value} is not.",
    "train_steps": "Steps must be a whole number from {low} to {high}; {value} is not.",
    "train_warmup": "Warm-up steps must be a whole number from {low} to {high}; {value} is not.",
    "train_grad_clip": "Gradient clipping must be between {low} and {high}; {value} is not.",
    "train_seed": "The seed must be a whole number from {low} to {high}; {value} is not.",
    "train_eval_points": "Evaluations per run must be a whole number from {low} to {high}; {value} is not.",
    "train_mismatch": "{model} reads {kind} input, which the {dataset} dataset does not provide. Pick a dataset "
                      "from the list offered for this model.",
    "train_mismatch_output": "{model} cannot learn {dataset}: its input or output does not fit this data "
                             "({detail}). Teaching models fit their datasets; try one of them.",
    "train_model_option": "The setting '{option}' does not apply to {model}.",
    "train_build_failed": "{model} could not be built with these settings ({detail}).",
    "train_too_many_params": "This model has {params} parameters; training here is limited to {limit}. Pick a "
                             "smaller model (the teaching models are).",
    "train_too_many_steps": "This run would take {steps} steps; the limit is {limit}. Use fewer epochs or a "
                            "larger batch.",
    "train_too_slow": "This run would take about {seconds} s on this device; the limit is {limit} s. Use fewer "
                      "epochs, a smaller model or a larger batch.",
    "train_diverged": "Training diverged: the loss became NaN or infinite at step {step}. The learning rate "
                      "({lr}) is probably too large; try one ten times smaller. The model trained earlier in this "
                      "session is kept.",
    "checkpoint_not_safetensors": "'{name}' is not a .safetensors file. Only safetensors checkpoints saved by "
                                  "this app are loaded (pickle files such as .pt or .pth are never opened).",
    "checkpoint_corrupt": "'{name}' is not a readable safetensors file.",
    "checkpoint_too_large": "'{name}' is larger than the {limit} MB this app loads.",
    "checkpoint_foreign": "'{name}' is a safetensors file, but not one saved by this app: it has no model "
                          "description.",
    "checkpoint_unknown_model": "'{name}' was saved from a model called '{model}', which this app does not know.",
    "checkpoint_mismatch": "The weights in '{name}' do not fit the model they claim to be ({detail}).",
    "pretrained_missing": "The shipped model '{name}' is missing or damaged; rebuild it with "
                          "python -m playground.pretrained.",

    # CNN internals: errors
    "image_missing": "There is no image yet: upload one, draw on the sketchpad or pick a dataset sample.",
    "image_unreadable": "This file is not an image that can be read (use PNG, JPEG, WebP, BMP or GIF).",
    "image_too_large": "The image has {pixels} pixels; the limit is {limit}. Use a smaller image.",
    "no_conv_layers": "This model has no convolution or pooling layers, so it has no feature maps to show.",
    "unknown_layer": "The model has no convolution or pooling layer called '{layer}'.",
    "unknown_class": "Class {index} does not exist: the model has {n} classes (0 to n - 1).",
}

ZH: dict[str, str] = {
    "app_title": "神经网络游乐场",
    "app_intro": "选择任意一个经典网络结构，或任意 timm / torchvision 模型，查看每一层如何改变数据的形状、"
                 "需要多少参数和计算量，以及每个单元能看到多大的范围。",
    "tab_architecture": "网络结构",

    "group_label": "类别",
    "group_mlp": "多层感知机",
    "group_cnn": "卷积网络",
    "group_rnn": "循环网络 / seq2seq",
    "group_transformer": "Transformer",
    "group_timm": "timm 模型库",
    "group_torchvision": "torchvision 模型库",
    "model_label": "模型",
    "model_info": "可输入关键字搜索。模型库中的模型使用随机权重构建，不下载任何文件。",
    "shape_label": "输入形状（不含批次维）",
    "shape_info": "图像：通道 x 高 x 宽，例如 3x224x224。序列：长度（词元模型）或 长度 x 特征数；"
                  "编码器-解码器：源序列长度 x 目标序列长度。",
    "inspect_button": "分析",
    "depth_label": "表格深度",
    "depth_info": "0 只显示整个模型；1 显示其顶层各部分；取最大值时显示所有模块。",
    "log_label": "对数坐标",

    "summary_label": "概要",
    "totals_label": "汇总（JSON，与 API 返回的内容相同）",
    "subtab_inspector": "模型分析",
    "subtab_totals": "汇总（JSON）",
    "subtab_table": "逐层表格",
    "subtab_charts": "图表",
    "subtab_source": "PyTorch 源码",
    "table_label": "各层（按执行顺序）",
    "table_legend": "**各列说明。** *输入 / 输出形状* 含批次维；*params* 为该模块内的权重数量，共享的张量只计一次；"
                    "*MACs* 为所有调用中的乘加次数（FLOPs = 2 x MACs）；*calls* 为该模块运行的次数（循环单元每个"
                    "时间步运行一次）；*output KB* 为其输出在 float32 下占用的内存。对于图像模型，*receptive field* "
                    "（感受野）是一个输出单元在输入图像上看到的区域边长（像素），*jump*（跳跃）是相邻两个单元在输入上"
                    "相隔的像素数，*start*（起点）是第一个单元感受野的中心（像素中心依次为 0、1、2……）；*global* "
                    "表示每个单元都能看到整张输入。归一化的统计量和通道注意力的缩放系数不计入感受野。",
    "profile_label": "每个叶子层的参数量与输出大小",
    "diagram_label": "结构框图：顶层各阶段及其输出形状",
    "source_label": "注册表模型的源码（随机权重；可复制到自己的机器上训练）",
    "source_catalog": "# 模型库中的模型来自其所属的库；可以这样构建：\n{code}\n",

    "card_paper": "论文",
    "card_default_input": "默认输入",
    "card_teaching": "教学规模：在 CPU 上几秒即可训练。",
    "card_catalog": "使用库自身的代码以随机权重构建，不下载任何文件。",
    "card_note": "与其他实现的区别",
    "card_kind_image": "图像（通道 x 高 x 宽）",
    "card_kind_vector": "向量（特征）",
    "card_kind_series": "序列（步数 x 特征）",
    "card_kind_tokens": "词元编号（序列长度）",
    "card_kind_token_pair": "编码器与解码器的词元编号（源序列长度 x 目标序列长度）",

    "sum_params": "参数量",
    "sum_trainable": "可训练",
    "sum_macs": "乘加次数",
    "sum_flops": "浮点运算数",
    "sum_weights": "权重",
    "sum_activations": "激活",
    "sum_activations_hint": "一次前向传播中所有叶子层的输出",
    "sum_output": "输出形状",
    "sum_rf": "最大感受野",
    "sum_layers": "含权重的层",
    "sum_time": "分析用时 {seconds} 秒，运行设备：{device}。",
    "sum_device_meta": "meta（只计算形状，不占用权重内存）",
    "sum_device_cpu": "CPU（该模型会读取张量的数值，因此实际运行了一次）",

    "chart_layer": "层（按执行顺序）",
    "chart_params": "参数量",
    "chart_outputs": "输出元素数",
    "chart_empty": "暂无内容：请先分析一个模型。",

    "conv_heading": "卷积计算器",
    "conv_intro": "卷积或池化窗口在一个方向上的计算。笔记中的公式为 out = (n - k + 2p) / s + 1；若膨胀系数为 d，"
                  "卷积核覆盖 d(k - 1) + 1 个像素，PyTorch 向下取整：out = floor((n + 2p - d(k - 1) - 1) / s) + 1。",
    "conv_size": "输入尺寸 n",
    "conv_kernel": "卷积核 k",
    "conv_stride": "步长 s",
    "conv_padding": "填充 p",
    "conv_dilation": "膨胀 d",
    "conv_position": "输出位置（按行排列）",
    "conv_plot_label": "窗口在填充后输入上的位置（左）及其产生的输出（右）",
    "conv_result": "floor(({n} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1 = **{out}**，即 {n}×{n} 的输入得到 "
                   "**{out}×{out}** 的输出。",
    "conv_exact": "窗口恰好铺满：最后一个窗口正好停在填充后的边缘。",
    "conv_skipped": "除法不能整除：填充后最后 {r} 行（列）没有被任何窗口覆盖。",
    "conv_legend_input": "输入",
    "conv_legend_padding": "填充",
    "conv_legend_window": "窗口",
    "conv_legend_window_padding": "窗口（落在填充上）",
    "conv_legend_output": "输出",

    "compare_heading": "笔记中的两个计算实例",
    "compare_bottleneck_title": "ResNet 瓶颈块 与 两个 3x3 卷积",
    "compare_bottleneck_intro": "瓶颈块先用 1x1 卷积减少通道，在较窄的张量上做 3x3 卷积，再用 1x1 卷积恢复通道数。"
                                "与笔记一致，只计权重（不含偏置）。",
    "compare_stack_title": "堆叠小卷积核 与 一个大卷积核",
    "compare_stack_intro": "n 个堆叠的 k×k 卷积能看到 1 + n(k − 1) 像素见方的区域，与一个大卷积核相同，"
                           "但权重更少，非线性也从一个变为 n 个。",
    "compare_channels": "通道数 C",
    "compare_layers": "堆叠层数 n",
    "compare_kernel": "小卷积核 k",
    "compare_size": "特征图尺寸（用于计算乘加次数）",
    "cmp_design": "结构",
    "cmp_layers": "卷积层",
    "cmp_params": "权重数",
    "cmp_macs": "乘加次数",
    "cmp_rf": "感受野",
    "cmp_nonlin": "非线性层",
    "cmp_bottleneck": "瓶颈块 1x1 → 3x3 → 1x1",
    "cmp_two_3x3": "两个 3x3 卷积",
    "cmp_stack": "{n} 个堆叠的 {k}x{k}",
    "cmp_single": "一个 {b}x{b}",
    "cmp_ratio": "第二种结构的权重数是第一种的 **{ratio} 倍**。",

    "error_title": "输入有误",
    "unknown_model": "没有名为 “{model}” 的模型。请从列表中选择，或输入注册表中的名称、“timm/<名称>” 或 "
                     "“torchvision/<名称>”。",
    "bad_shape": "“{text}” 不是有效的形状。请用 x 分隔整数，例如 {example}。",
    "wrong_rank": "“{text}” 的维数不对：该模型需要 {expected} 个维度（不含批次维），例如 {example}。",
    "nonpositive_shape": "“{text}” 的每个维度都必须至少为 1，例如 {example}。",
    "too_long": "长度为 {length} 的序列超过了本应用允许的上限（{limit}）。",
    "too_much_memory": "这个输入大约需要 {need_mb} MB 的激活内存，超过了本应用允许的 {limit_mb} MB。请换一个更小的输入。",
    "input_too_small": "输入对 {model} 来说太小：特征图在 “{layer}” 层（{kind}）处缩小到了零，该层的输入为 {shape}。"
                       "请使用更大的输入。（PyTorch：{detail}）",
    "shape_mismatch": "{model} 无法接受这个输入：“{layer}” 层（{kind}）在输入为 {shape} 时出错。（PyTorch：{detail}）",
    "cannot_build": "无法为分析构建 {model}。（详情：{detail}）",
    "not_whole_number": "每个设置都必须是整数。",
    "conv_out_of_range": "尺寸、卷积核、步长和膨胀必须在 1 到 {limit} 之间；填充在 0 到 {limit} 之间。",
    "conv_kernel_too_big": "卷积核覆盖 {span} 个像素，但填充后的输入只有 {padded} 个：请增加填充或缩小卷积核。",
    "compare_bad_channels": "通道数至少为 {reduction}、能被 {reduction} 整除且不超过 4096；{channels} 不满足要求。",
    "compare_bad_stack": "请使用 1 到 4096 个通道、1 到 16 层，卷积核为 3、5 或 7。",
    "internal_error": "程序内部出错（{detail}）。应用仍在运行，请再试一次。",
    "tab_train": "训练",
    "tr_intro": "在应用自带的数据集上把模型训练几秒钟，看着它学习。列表中教学模型排在前面；若所选模型和数据集有随应用"
                "提供的训练配方，其设置会自动填入。你训练的模型保存在本浏览器会话中，其他标签页会使用它。",
    "tr_model": "模型",
    "tr_model_info": "教学模型在 CPU 上几秒即可训练完。目录中的模型（timm/...、torchvision/...）在 32x32 图像上训练。",
    "tr_dataset": "数据集",
    "tr_device": "**设备：** {device}",
    "tr_data_options": "数据集选项",
    "tr_noise": "噪声",
    "tr_train_ratio": "训练集比例",
    "tr_n_samples": "样本点数",
    "tr_n_train": "训练样本数",
    "tr_seq_len": "序列长度",
    "tr_optimizer": "优化器",
    "tr_lr": "学习率",
    "tr_batch": "批大小",
    "tr_epochs": "轮数（epoch）",
    "tr_steps": "步数",
    "tr_steps_info": "0 表示按轮数计算",
    "tr_more": "更多设置",
    "tr_momentum": "动量（带动量的 SGD）",
    "tr_weight_decay": "权重衰减",
    "tr_warmup": "预热步数",
    "tr_schedule": "学习率调度",
    "tr_loss": "损失函数",
    "tr_grad_clip": "梯度裁剪（最大范数，0 表示关闭）",
    "tr_seed": "随机种子",
    "tr_amp": "在 CUDA 上使用混合精度",
    "tr_hidden": "隐藏层",
    "tr_hidden_info": "每层单元数，用逗号分隔，例如 8,8（最多 6 层，每层最多 256 个单元）",
    "tr_activation": "激活函数",
    "tr_train": "开始训练",
    "tr_stop": "停止",
    "tr_evaluate": "评估",
    "tr_curves": "损失与准确率",
    "tr_boundary": "决策边界（二维数据）",
    "tr_confusion": "混淆矩阵 / 预测",
    "tr_mistakes": "分类错误的测试样本",
    "tr_files": "保存、加载与自带模型",
    "tr_download": "下载训练好的模型（safetensors + JSON）",
    "tr_upload": "加载模型（本应用保存的 .safetensors）",
    "tr_pretrained": "自带的教学模型",
    "tr_load_pretrained": "加载自带模型",
    "tr_session": "会话中的模型",
    "opt_sgd": "SGD",
    "opt_momentum": "带动量的 SGD",
    "opt_adagrad": "Adagrad",
    "opt_rmsprop": "RMSprop",
    "opt_adam": "Adam",
    "opt_adamw": "AdamW",
    "sched_constant": "恒定",
    "sched_cosine": "余弦衰减",
    "sched_linear": "线性衰减",
    "sched_step": "阶梯衰减（在 50% 和 75% 处乘以 0.1）",
    "loss_auto": "按任务自动选择",
    "loss_cross_entropy": "交叉熵",
    "loss_bce": "二元交叉熵",
    "loss_mse": "均方误差",
    "tr_fig_loss": "损失",
    "tr_fig_accuracy": "准确率",
    "tr_fig_r2": "R²（1 为完美）",
    "tr_fig_step": "步数",
    "tr_fig_train": "训练",
    "tr_fig_test": "测试",
    "tr_fig_true": "真实",
    "tr_fig_pred": "预测",
    "tr_fig_probability": "P(蓝)",
    "tr_fig_input": "输入",
    "tr_fig_target": "下一个值",
    "tr_metric_loss": "测试损失",
    "tr_metric_accuracy": "测试准确率",
    "tr_metric_sequence_accuracy": "整条序列正确率",
    "tr_metric_r2": "测试 R²",
    "tr_estimate": "**预估：** {params} 个参数 · {steps} 步 · 在 {device} 上约需 {seconds} 秒、{memory} 内存。",
    "tr_status_running": "第 {step} / {total} 步 · 第 {epoch} 轮 · 每秒 {rate} 个样本 · 约剩 {eta} 秒 · {device}",
    "tr_status_done": "完成：{step} 步，用时 {elapsed} 秒（每秒 {rate} 个样本），设备 {device}。",
    "tr_status_stopped": "在第 {step} / {total} 步停止，用时 {elapsed} 秒；模型保留目前学到的内容。",
    "tr_status_time_limit": "达到时间上限，在 {elapsed} 秒后停止（第 {step} / {total} 步）；模型保留目前学到的内容。",
    "tr_status_diverged": "第 {step} 步时损失变成了 NaN 或无穷大。",
    "tr_result_head": "**{model}** 在 **{dataset}** 上训练了 {steps} 步。",
    "tr_mistake_caption": "{true} → {pred}",
    "tr_col_input": "输入",
    "tr_col_expected": "应为",
    "tr_col_predicted": "预测",
    "tr_no_mistakes": "测试集上没有错误。",
    "tr_stopping": "将在当前这一步之后停止……",
    "tr_nothing_to_stop": "本会话中没有正在进行的训练。",
    "tr_loaded": "已将 “{name}” 加载到本会话。",
    "tr_already_running": "本会话中已有训练在进行。请先停止它，或等它结束。",
    "tr_no_model": "本会话中还没有模型。请先训练一个、加载自带模型或上传检查点。",
    "tr_no_file": "请先选择一个 .safetensors 文件。",
    "tr_no_dataset": "没有适合 {model} 的内置数据集。",
    "tr_bad_hidden": "“{text}” 不是层宽列表。请写 1 到 6 个 1 至 256 之间的整数，用逗号分隔，例如 8,8。",
    "dataset_unknown": "没有名为 “{name}” 的数据集。",
    "dataset_option": "数据集选项 {option} = {value} 不被允许（允许范围：{low} 到 {high}）。",
    "dataset_unavailable": "{name} 数据集不在 {folder} 中，也无法下载（可能没有网络）。请把 torchvision 的数据文件"
                           "放到该目录，或使用内置数据集。",
    "train_device_unknown": "未知设备 “{device}”：请用 auto、cpu、cuda 或 mps。",
    "train_device_missing": "这台机器没有 {device} 设备；请用 auto 或 cpu。",
    "train_optimizer_unknown": "未知优化器 “{name}”。",
    "train_schedule_unknown": "未知学习率调度 “{name}”。",
    "train_loss_unknown": "未知损失函数 “{name}”。",
    "train_loss_mismatch": "损失函数 “{loss}” 不适合 {task} 任务：二元交叉熵需要两个类别，均方误差需要实数目标。"
                           "请选择 “按任务自动选择”。",
    "train_lr": "学习率必须大于 0 且不超过 {high}；{value} 不行。",
    "train_momentum": "动量必须在 {low} 到 {high} 之间；{value} 不行。",
    "train_weight_decay": "权重衰减必须在 {low} 到 {high} 之间；{value} 不行。",
    "train_batch_size": "批大小必须是 {low} 到 {high}（训练样本数）之间的整数；{value} 不行。",
    "train_epochs": "轮数必须在 {low} 到 {high} 之间；{value} 不行。",
    "train_steps": "步数必须是 {low} 到 {high} 之间的整数；{value} 不行。",
    "train_warmup": "预热步数必须是 {low} 到 {high} 之间的整数；{value} 不行。",
    "train_grad_clip": "梯度裁剪必须在 {low} 到 {high} 之间；{value} 不行。",
    "train_seed": "随机种子必须是 {low} 到 {high} 之间的整数；{value} 不行。",
    "train_eval_points": "每次训练的评估次数必须是 {low} 到 {high} 之间的整数；{value} 不行。",
    "train_mismatch": "{model} 需要 {kind} 类型的输入，而 {dataset} 数据集不提供这种输入。请从为该模型列出的数据集中选择。",
    "train_mismatch_output": "{model} 无法学习 {dataset}：它的输入或输出与这份数据不匹配（{detail}）。"
                             "教学模型与其数据集是匹配的，可以试试它们。",
    "train_model_option": "设置 “{option}” 不适用于 {model}。",
    "train_build_failed": "无法用这些设置构建 {model}（{detail}）。",
    "train_too_many_params": "这个模型有 {params} 个参数；这里训练的上限是 {limit}。请选更小的模型（教学模型都足够小）。",
    "train_too_many_steps": "这次训练需要 {steps} 步；上限是 {limit}。请减少轮数或增大批大小。",
    "train_too_slow": "这次训练在本设备上约需 {seconds} 秒；上限是 {limit} 秒。请减少轮数、换更小的模型或增大批大小。",
    "train_diverged": "训练发散了：第 {step} 步时损失变成了 NaN 或无穷大。学习率（{lr}）多半太大了，试试缩小十倍。"
                      "本会话中之前训练的模型仍然保留。",
    "checkpoint_not_safetensors": "“{name}” 不是 .safetensors 文件。本应用只加载自己保存的 safetensors 检查点"
                                  "（.pt、.pth 等 pickle 文件一律不打开）。",
    "checkpoint_corrupt": "“{name}” 不是可读取的 safetensors 文件。",
    "checkpoint_too_large": "“{name}” 超过了本应用可加载的 {limit} MB。",
    "checkpoint_foreign": "“{name}” 是 safetensors 文件，但不是本应用保存的：其中没有模型描述。",
    "checkpoint_unknown_model": "“{name}” 保存自名为 “{model}” 的模型，本应用不认识它。",
    "checkpoint_mismatch": "“{name}” 中的权重与它声称的模型不匹配（{detail}）。",
    "pretrained_missing": "自带模型 “{name}” 缺失或已损坏；请用 python -m playground.pretrained 重新生成。",
    "image_missing": "还没有图像：请上传一张、在画板上绘制，或选择一个数据集样本。",
    "image_unreadable": "这个文件不是可读取的图像（请使用 PNG、JPEG、WebP、BMP 或 GIF）。",
    "image_too_large": "图像有 {pixels} 个像素，上限是 {limit}。请使用更小的图像。",
    "no_conv_layers": "这个模型没有卷积层或池化层，因此没有特征图可显示。",
    "unknown_layer": "模型中没有名为 “{layer}” 的卷积层或池化层。",
    "unknown_class": "类别 {index} 不存在：模型共有 {n} 个类别（0 到 n - 1）。",
}

TEXT: dict[str, dict[str, str]] = {"en": EN, "zh-CN": ZH}


def language_from_header(accept_language: str | None) -> str:
    """'zh-CN,zh;q=0.9,en;q=0.8' -> 'zh-CN'; anything not Chinese -> 'en'."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "zh-CN" if first.startswith("zh") else "en"


def message(key: str, lang: str = "en", **params) -> str:
    """The text for `key` in `lang` (falling back to English), with {placeholders} filled in."""
    template = TEXT.get(lang, EN).get(key) or EN.get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
