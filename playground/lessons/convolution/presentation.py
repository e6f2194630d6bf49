"""What the convolution-basics tab writes, built without gradio: the counts table, every pooling window, one
convolution output's products and sum, and the fully-connected-as-convolution table, in the visitor's language."""
from __future__ import annotations

from fractions import Fraction

from playground.i18n import message

from .counts import KINDS, FcAsConv, LayerCount
from .figures import format_count
from .windows import ConvStep, Pooled, fmt, pool_output_size

PYTORCH_LAYERS = {"full": "nn.Linear", "local": "LocallyConnected2d", "shared": "nn.Conv2d"}


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(head: list[str], rows: list[list]) -> str:
    return "\n".join([_row(head), "|" + "---|" * len(head), *(_row(r) for r in rows)])


def ratio_text(weights: int, full: int) -> str:
    """weights / full as '1', '1/10⁴', '1/12,345' or a decimal when it is no unit fraction."""
    r = Fraction(weights, full)
    if r == 1:
        return "1"
    return f"1/{format_count(r.denominator)}" if r.numerator == 1 else f"{float(r):.3g}"


def counts_table(counts: list[LayerCount], size: int, field: int, channels: int, maps: int, lang: str) -> str:
    """Markdown: each kind of layer's connections, weights, biases, its weights against the fully connected
    layer's, and the real PyTorch layer's weight count; then how they were counted."""
    m = lambda k: message(k, lang)  # noqa: E731
    head = [m("convolution_counts_col_" + k) for k in ("layer", "connections", "weights", "biases", "ratio",
                                                       "pytorch")]
    full = counts[0].weights
    rows = []
    for c in counts:
        check = "" if c.pytorch is None else (" ✓" if c.pytorch == c.weights else " ✗")
        pytorch = "—" if c.pytorch is None else f"`{PYTORCH_LAYERS[c.kind]}`: {format_count(c.pytorch)}{check}"
        rows.append([m("convolution_kind_" + c.kind), format_count(c.connections), f"**{format_count(c.weights)}**",
                     format_count(c.biases), ratio_text(c.weights, full), pytorch])
    note = message("convolution_counts_note", lang, units=format_count(maps * size * size),
                   fan_in=format_count(channels * field * field), inputs=format_count(channels * size * size),
                   maps=maps)
    return _table(head, rows) + "\n\n" + note


def kind_labels(lang: str) -> list[str]:
    return [message("convolution_kind_" + k, lang) for k in KINDS]


def _size_rule(n: int, k: int, s: int, ceil_mode: bool, lang: str) -> str:
    rounding = message("convolution_pool_up" if ceil_mode else "convolution_pool_down", lang)
    return f"({n} − {k}) / {s} + 1 → {pool_output_size(n, k, s, ceil_mode)} ({rounding})"


def pooling_text(p: Pooled, lang: str) -> str:
    """Markdown: the output size by PyTorch's rule, then every window with its values, maximum and average."""
    h, w = p.x.shape
    oh, ow = p.maximum.shape
    rounding = message("convolution_pool_up" if p.ceil_mode else "convolution_pool_down", lang)
    # ceil mode drops a last window that would start past the input: say so when it happened
    dropped = p.ceil_mode and any(-(-(n - p.kernel) // p.stride) + 1 != pool_output_size(n, p.kernel, p.stride, True)
                                  for n in (h, w))
    if h == w:
        size = message("convolution_pool_size", lang, oh=oh, ow=ow, n=h, k=p.kernel, s=p.stride, rounding=rounding,
                       dropped=message("convolution_pool_dropped", lang) if dropped else "")
    else:
        size = message("convolution_pool_rows_cols", lang, rows=_size_rule(h, p.kernel, p.stride, p.ceil_mode, lang),
                       cols=_size_rule(w, p.kernel, p.stride, p.ceil_mode, lang))
    m = lambda k: message(k, lang)  # noqa: E731
    head = [m("convolution_pool_col_" + k) for k in ("out", "window", "values", "max", "average")]
    rows = [[f"({i}, {j})", f"{rows.start}–{rows.stop - 1}, {cols.start}–{cols.stop - 1}",
             ", ".join(fmt(v) for v in values.ravel()), f"**{fmt(p.maximum[i, j])}**", f"**{fmt(p.average[i, j])}**"]
            for i, j, rows, cols, values in p.windows]
    return size + "\n\n" + _table(head, rows)


def _signed(v: float) -> str:
    """A factor as written in a product: negative numbers in brackets."""
    return f"({fmt(v)})" if v < 0 else fmt(v)


def step_text(step: ConvStep, torch_value: float, lang: str) -> str:
    """Markdown: the output size, where the window sits, every product (a grid like the kernel), their sum, the
    bias and the output, and PyTorch's value for the same output."""
    kh, kw = step.kernel.shape
    h, w = step.x.shape
    oh, ow = step.output.shape
    size = message("convolution_step_size", lang, oh=oh, ow=ow, h=h, w=w, p=step.padding, kh=kh, kw=kw,
                   s=step.stride)
    r0, c0 = step.row * step.stride, step.col * step.stride
    where = message("convolution_step_where", lang, row=step.row, col=step.col, r0=r0, r1=r0 + kh - 1, c0=c0,
                    c1=c0 + kw - 1)
    products = step.products
    grid = [[f"{_signed(step.patch[a, b])} × {_signed(step.kernel[a, b])} = {fmt(products[a, b])}"
             for b in range(kw)] for a in range(kh)]
    table = _table([f"{b}" for b in range(kw)], grid)
    total = message("convolution_step_sum", lang, n=kh * kw, total=fmt(step.total), bias=fmt(step.bias),
                    value=fmt(step.value), torch=fmt(torch_value))
    return "\n\n".join([size, where, table, total])


def fc_table(pairs: tuple[FcAsConv, FcAsConv], channels: int, height: int, width: int, outputs: int,
             lang: str) -> str:
    """Markdown: each pair's layers, their parameter counts and the largest difference between their outputs."""
    m = lambda k: message(k, lang)  # noqa: E731
    head = [m("convolution_fc_col_" + k) for k in ("case", "fc", "conv", "params", "difference")]
    whole, pixel = pairs
    rows = [[m("convolution_fc_whole"), f"`nn.Linear({channels * height * width}, {outputs})`",
             f"`nn.Conv2d({channels}, {outputs}, kernel_size=({height}, {width}))`",
             f"{whole.fc_params:,} = {whole.conv_params:,}", f"{whole.difference:.1e}"],
            [m("convolution_fc_pixel"), f"`nn.Linear({channels}, {outputs})`",
             f"`nn.Conv2d({channels}, {outputs}, kernel_size=1)`", f"{pixel.fc_params:,} = {pixel.conv_params:,}",
             f"{pixel.difference:.1e}"]]
    return _table(head, rows)
