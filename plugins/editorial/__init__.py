from .plugin import Config, Editorial, EditorialError, contact_problems, current, register
from .registry import ROLES, Person, Registry, RegistryError, load_registry, parse_registry
from .review import DRAFT, OVERDUE, REVIEWED, Review, derive_review, review_status

__all__ = [
    "DRAFT",
    "OVERDUE",
    "REVIEWED",
    "ROLES",
    "Config",
    "Editorial",
    "EditorialError",
    "Person",
    "Registry",
    "RegistryError",
    "Review",
    "contact_problems",
    "current",
    "derive_review",
    "load_registry",
    "parse_registry",
    "register",
    "review_status",
]
