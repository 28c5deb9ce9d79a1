from .build_record import (
    RecordError,
    add_problem,
    add_required_block,
    note,
    note_page,
    read_record,
    record_path,
    register,
)

__all__ = [
    "RecordError",
    "add_problem",
    "add_required_block",
    "note",
    "note_page",
    "read_record",
    "record_path",
    "register",
]
