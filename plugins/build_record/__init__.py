from .build_record import (
    RecordError,
    add_problem,
    note,
    note_page,
    read_record,
    record_path,
    register,
    reset,
)

__all__ = [
    "RecordError",
    "add_problem",
    "note",
    "note_page",
    "read_record",
    "record_path",
    "register",
    "reset",
]
