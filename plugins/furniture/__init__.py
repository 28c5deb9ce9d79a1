"""Page furniture for tired readers: a chapter's key points and care cards."""

from pelican import signals

from .extension import FurnitureExtension, read_record
from .plugin import content_object_init, initialized

__all__ = ["FurnitureExtension", "read_record"]


def register():
    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_object_init)
