"""Importers: recognise a file by its header row and read it into the normalised model.

Entry points (registry.py): ``detect(path) -> Detection`` and
``load_file(path, progress=None, should_cancel=None, mapping=None) -> ImportResult``.
"""
