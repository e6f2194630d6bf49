"""Latency of the Labs tab's views as their callbacks compute them, settings in -> figure JSON out: the GAN's
preview and one redraw's worth of training (CHUNK generator steps and the figures), seq2seq decoding of typed
digits with BLEU, one training chunk of the seq2seq lab, the BLEU calculator, beam search and the padded batch,
BERT masking with the shipped tiny BERT and the many-draws statistics, RoI pooling / align and the anchors of an
800-pixel scene, and a caption with its attention. Median and p95 over repeated calls on this machine; then the
from-scratch operations beside the library versions the tests check them against, in the same run, with the ratio.

    PYTHONPATH=. python benchmarks/labs_views.py
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks.timing import median_time, print_table  # noqa: E402
from playground.lessons.captioning import tab as lab_caption
from playground.lessons.detection import tab as lab_detection
from playground.lessons.gan import tab as lab_gan
from playground.lessons.gan.figures import plot_gan_field, plot_gan_losses  # noqa: E402
from playground.lessons.gan.lab import GanLab  # noqa: E402
from playground.lessons.gan.spec import PRESETS  # noqa: E402
from playground.lessons.masking import tab as lab_masking
from playground.lessons.seq2seq import beam_tab as s2s_beam  # noqa: E402
from playground.lessons.seq2seq import lab as seq2seq_lab  # noqa: E402
from playground.lessons.seq2seq import padding_tab as s2s_padding  # noqa: E402
from playground.lessons.seq2seq import tab as lab_seq2seq  # noqa: E402
from playground.lessons.seq2seq.figures import plot_seq2seq_curves  # noqa: E402

GAN = ("ring", "non_saturating", 1e-3, 1e-3, 1, 64, 0)


def main(repeats: int = 20) -> None:
    lab = GanLab(PRESETS["default"])
    labels = lab_gan._labels("en")
    s2s = seq2seq_lab.Seq2seqLab(seq2seq_lab.Seq2seqSpec())
    s2s_labels = lab_seq2seq._labels("en")

    def gan_chunk():
        lab.step(lab_gan.CHUNK)
        snap = lab.snapshot()
        return plot_gan_field(snap, labels), plot_gan_losses(lab.history, labels)

    def s2s_chunk():
        s2s.step(lab_seq2seq.CHUNK)
        return plot_seq2seq_curves(s2s.history, s2s_labels)

    cases = [
        ("GAN: untrained preview", lambda: lab_gan.on_preview(*GAN, 2000)),
        (f"GAN: {lab_gan.CHUNK} generator steps + both figures (one redraw)", gan_chunk),
        ("seq2seq: decode 8 digits both ways + BLEU", lambda: lab_seq2seq.on_decode("reverse", "shipped", "31415926",
                                                                                  None)),
        (f"seq2seq lab: {lab_seq2seq.CHUNK} steps + curves (one redraw)", s2s_chunk),
        ("BLEU calculator", lambda: lab_seq2seq.on_bleu("a b c d e f", "a b b c d", 4)),
        ("seq2seq: beam search, width 3, 8 digits", lambda: s2s_beam.on_beam("reverse", "shipped", "31415926", 3,
                                                                            None)),
        ("seq2seq: beam search, width 8, 16 digits", lambda: s2s_beam.on_beam("sort", "shipped", "3141592653589793",
                                                                             8, None)),
        ("seq2seq: padded batch, per-token losses and both means", lambda: s2s_padding.on_padding(
            "reverse", "shipped", s2s_padding.DEFAULT_BATCH, None)),
        ("BERT masking + guesses", lambda: lab_masking.on_mask("the little cat sat on the warm mat near the door.",
                                                               0)),
        ("BERT masking statistics, 20,000 draws", lambda: lab_masking.on_statistics(20_000)),
        ("RoI pooling, 3 boxes, stride 16", lambda: lab_detection.on_roi("scene", 0, None, "", 16, 7, "pool", 2, True,
                                                                          1)),
        ("RoI align, 3 boxes, stride 16", lambda: lab_detection.on_roi("scene", 0, None, "", 16, 7, "align", 2, True,
                                                                        1)),
        ("anchors of an 800 x 800 image", lambda: lab_detection.on_anchors("scene", 0, None, 2)),
        ("caption + attention", lambda: lab_caption.on_caption("scene", 0, None, 0.7)),
    ]
    print_table(cases, repeats)
    print()
    references(repeats)


def references(repeats: int) -> None:
    """The from-scratch pieces the views stand on against the library versions the tests compare them with, timed
    side by side in this run: RoI pool / align (torchvision.ops), the FPN anchors (torchvision's AnchorGenerator)
    and BLEU (NLTK's sentence_bleu with the notes' weights, when NLTK is installed)."""
    import torch
    import torchvision
    from torchvision.models.detection.anchor_utils import AnchorGenerator
    from torchvision.models.detection.image_list import ImageList

    from playground.lessons.detection import anchors, roi

    g = torch.Generator().manual_seed(0)
    features = torch.rand(1, 256, 50, 50, generator=g)  # a stride-16 map of an 800-pixel image
    xy = torch.rand(64, 2, generator=g) * 600
    boxes = torch.cat([torch.zeros(64, 1), xy, xy + 40 + torch.rand(64, 2, generator=g) * 160], 1)  # (64, 5)
    levels = anchors.fpn_feature_sizes((800, 800))
    maps = [torch.empty(1, 1, h, w) for h, w in levels]
    generator = AnchorGenerator(anchors.FPN_SIZES, anchors.FPN_RATIOS)
    images = ImageList(torch.empty(1, 3, 800, 800), [(800, 800)])
    pred, label = "a b c d e x".split() * 17, "a b c d e f".split() * 20  # 102 and 120 tokens
    pairs = [
        ("RoI pool, 64 boxes to 7 x 7 on 256 x 50 x 50", lambda: roi.roi_pool(features, boxes, 7, 1 / 16),
         lambda: torchvision.ops.roi_pool(features, boxes, 7, 1 / 16)),
        ("RoI align, 64 boxes, sampling 2", lambda: roi.roi_align(features, boxes, 7, 1 / 16, 2, True),
         lambda: torchvision.ops.roi_align(features, boxes, 7, 1 / 16, 2, True)),
        ("FPN anchors of an 800 x 800 image", lambda: anchors.anchor_levels((800, 800)),
         lambda: generator(images, maps)),
    ]
    try:
        from nltk.translate.bleu_score import sentence_bleu

        from playground.lessons.seq2seq.bleu import bleu
        pairs.append(("BLEU (k = 4) of 102 against 120 tokens", lambda: bleu(pred, label, 4),
                      lambda: sentence_bleu([label], pred, weights=(1 / 2, 1 / 4, 1 / 8, 1 / 16))))
    except ImportError:
        pass
    print("| from scratch vs library | ours | library | ratio |\n|---|---:|---:|---:|")
    for name, ours, library in pairs:
        ours(), library()  # warm-up
        a, b = median_time(ours, repeats), median_time(library, repeats)
        print(f"| {name} | {a * 1e3:.2f} ms | {b * 1e3:.2f} ms | {a / b:.1f}x |")


if __name__ == "__main__":
    main()
