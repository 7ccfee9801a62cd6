"""Names people read instead of ids: speaker roles.

>>> role_label("permanent_member")
'Permanent member'
>>> role_label("(resolution)")
'Text of a resolution'
"""

from __future__ import annotations

ROLE_LABELS = {
    "president": "President",
    "permanent_member": "Permanent member",
    "elected_member": "Elected member",
    "non_member_state": "Non-member state",
    "secretariat": "Secretariat",
    "un_entity": "UN entity",
    "igo": "Intergovernmental organisation",
    "ngo": "Non-governmental organisation",
    "unknown": "Role unresolved",
}


def role_label(role: str) -> str:
    """A role as people read it (``permanent_member`` → ``Permanent member``)."""
    if role.startswith("(") and role.endswith(")"):
        return f"Text of a {role[1:-1]}"
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())
