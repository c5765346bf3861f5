"""The schema of `settings.toml`: a pydantic model made from the table of options.

`app.store.settings` imports it only to read a file the cache cannot answer for,
or to check a change; the values that pass make its light `Settings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, partial
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic import model_validator as after_model

from app.core.errors import did_you_mean
from app.core.library_schema import Number, WholeNumber
from app.core.models import ID_PATTERN
from app.core.options import HOLD, ONE_HOLD
from app.core.options import Option as Key
from app.core.options import table as keys
from app.store.text_files import shown_value


class _Checked(BaseModel):
    """What every settings model shares: strict values, and one hold."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=True)

    @after_model(mode="after")
    def _one_hold(self) -> _Checked:
        held = [key.attr for key in keys() if key.field in HOLD]
        if all(getattr(self, name, None) is not None for name in held):
            raise ValueError(ONE_HOLD)
        return self


def _annotation(key: Key) -> object:
    """The type a setting's value is validated as, with its range or its words."""
    kind: object
    if key.kind in ("whole", "number"):
        low, high = key.bounds
        kind = Annotated[WholeNumber if key.whole else Number, Field(ge=low, le=high)]
    elif key.kind == "switch":
        kind = bool
    elif key.kind == "id":
        kind = Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
    elif key.kind == "folder":
        kind = Annotated[str, Field(min_length=1, max_length=4096)]
    else:
        kind = Annotated[str, AfterValidator(partial(one_of, words=key.words))]
        if key.bare:  # `voice = true` from before it had levels: true is the bare word
            kind = Annotated[kind, BeforeValidator(partial(_level, key=key))]
    return kind if key.default is not None else kind | None


@cache
def _model(keys: tuple[Key, ...]) -> type[BaseModel]:
    """The pydantic model that checks a settings file, made from the table of options."""
    specs: dict[str, Any] = {
        key.attr: (_annotation(key), Field(default=key.default, alias=key.name)) for key in keys
    }
    return create_model("Settings", __base__=_Checked, **specs)


def _level(value: object, key: Key) -> object:
    """A level's word for true or false (`voice = true` means `on`); anything else as it is."""
    if isinstance(value, bool):
        return key.bare if value else key.off
    return value


def validate(raw: Mapping[str, object]) -> dict[str, object]:
    """The values a file (or `settings set`) gives, checked; a `ValidationError` if wrong."""
    model = _model(keys())
    checked = model.model_validate(dict(raw))
    return {key: checked.model_dump(by_alias=True)[key] for key in raw}


def one_of(value: str, words: tuple[str, ...]) -> str:
    """`value`, or a `ValueError` naming the words it could have been."""
    if value not in words:
        hint = did_you_mean(value, words, quoted=True)
        raise ValueError(f"{shown_value(value)!r} is not one of: {', '.join(words)}{hint}")
    return value
