"""The fixed code of the downloadable training script, one importable template module per part (the task's loss
and metric, the target's scores of a sequence-to-sequence model, the torchvision reader, the command line and loop);
playground/export/template.py reads them."""
