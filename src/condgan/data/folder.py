"""An image-folder tree as labelled records.

Two layouts:

- one folder per class: ``root/cat/1.png``, ``root/dog/2.png`` -> one attribute;
- ``attribute=value`` folders, nested for several attributes:
  ``root/hair=blue/eyes=red/1.png`` -> attributes ``hair`` and ``eyes``.

Hidden files and folders (``.x``) are skipped; files with other endings than
:data:`~condgan.data.records.IMAGE_EXTENSIONS` are ignored.
"""

from __future__ import annotations

from pathlib import Path

from condgan.data.infer import natural_key
from condgan.data.records import IMAGE_EXTENSIONS, LabelRecords

__all__ = ["CLASS_ATTRIBUTE", "image_files", "read_folder"]

#: The attribute name of a one-folder-per-class tree.
CLASS_ATTRIBUTE = "class"


def image_files(root: Path) -> list[Path]:
    """Every image file under ``root`` (recursively, hidden entries skipped), naturally sorted."""
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in IMAGE_EXTENSIONS:
            found.append(path)
    return sorted(found, key=lambda p: natural_key(p.relative_to(root).as_posix()))


def _label(root: Path, path: Path) -> dict[str, str]:
    parts = path.relative_to(root).parts[:-1]
    where = path.relative_to(root).as_posix()
    if not parts:
        raise ValueError(
            f"image {where} lies directly in {root}; put each image in a folder named after "
            "its class (root/cat/1.png) or in attribute=value folders (root/hair=blue/1.png)"
        )
    keyed = ["=" in p for p in parts]
    if all(keyed):
        label: dict[str, str] = {}
        for part in parts:
            key, value = (s.strip() for s in part.split("=", 1))
            if not key or not value:
                raise ValueError(f"folder {part!r} of {where} must read attribute=value")
            if key in label:
                raise ValueError(f"attribute {key!r} appears twice in the folders of {where}")
            label[key] = value
        return label
    if any(keyed) or len(parts) > 1:
        raise ValueError(
            f"image {where} is in nested folders {list(parts)}; use one folder per class "
            "(root/cat/1.png) or only attribute=value folders (root/hair=blue/eyes=red/1.png)"
        )
    return {CLASS_ATTRIBUTE: parts[0]}


def read_folder(root: str | Path) -> LabelRecords:
    """The records of an image-folder tree (see the module docstring).

    Raises:
        FileNotFoundError: ``root`` is not a folder.
        ValueError: no images; images outside class folders; folders mixing the
            layouts; images that do not all give the same attributes.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"data folder not found: {root}")
    paths = image_files(root)
    if not paths:
        raise ValueError(
            f"no images found in {root} (looked for {sorted(IMAGE_EXTENSIONS)} in its "
            "sub-folders); expected one folder per class or attribute=value folders"
        )
    labels = [_label(root, p) for p in paths]
    attributes = list(dict.fromkeys(a for label in labels for a in label))
    for path, label in zip(paths, labels):
        if set(label) != set(attributes):
            missing = [a for a in attributes if a not in label]
            raise ValueError(
                f"image {path.relative_to(root).as_posix()} does not give attribute(s) "
                f"{missing}; every image must sit in folders for all of {attributes}"
            )
    labels = [{a: label[a] for a in attributes} for label in labels]
    where = [f"{root}: {p.relative_to(root).as_posix()}" for p in paths]
    layout = (
        "one folder per class" if attributes == [CLASS_ATTRIBUTE] else "attribute=value folders"
    )
    return LabelRecords(
        "attributes", paths, labels, where, str(root), "folder", attributes=attributes,
        notes=[f"layout: {layout}"],
    )  # fmt: skip
