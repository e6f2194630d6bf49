"""The R-CNN callout recomputed: the RoI view pools every box from one feature map of the whole image (Fast R-CNN,
not R-CNN's CNN pass per region), and Faster R-CNN's region proposals come from a network with trainable
parameters (torchvision's RPN head: a 3 × 3 conv, then 1 × 1 convs for objectness and box deltas)."""
import torch
import torchvision
from torchvision.models.detection.rpn import RegionProposalNetwork, RPNHead

from playground.lessons.detection.roi import roi_view
from playground.lessons.detection.scenes import feature_map, sample_scene


def test_detection_differs_rcnn():
    image, boxes, _ = sample_scene(0)
    view = roi_view(image, boxes, stride=16, output_size=7, kind="pool")
    shared = feature_map(image, 16)  # one pass over the whole image
    torch.testing.assert_close(view.feature, shared)
    per_box = torchvision.ops.roi_pool(shared[None], [torch.as_tensor(boxes, dtype=torch.float32)], 7, 1 / 16)
    torch.testing.assert_close(view.pooled, per_box)  # every box read from that same map
    head = RPNHead(256, 3)  # R50-FPN: 256 channels, 3 anchors (ratios) per cell
    conv, cls, bbox = 256 * 256 * 9 + 256, 256 * 3 + 3, 256 * 12 + 12
    assert sum(p.numel() for p in head.parameters() if p.requires_grad) == conv + cls + bbox == 593_935
    with torch.device("meta"):
        detector = torchvision.models.detection.fasterrcnn_resnet50_fpn(weights=None, weights_backbone=None)
    assert isinstance(detector.rpn, RegionProposalNetwork) and isinstance(detector.rpn.head, RPNHead)
    assert sum(p.numel() for p in detector.rpn.parameters() if p.requires_grad) == 593_935
