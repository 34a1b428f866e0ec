"""The page's "Add articles" part: upload or paste, run the pipeline with a progress bar, report.

Streamlit widgets over `pipeline.page_uploads` (checks, safe names, saving) and `pipeline.run`.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import streamlit as st

from pipeline import page_data, page_uploads
from pipeline.page_cache import gazetteer
from pipeline.store import Store

RESULT_KEY = "ingest_result"  # what the last addition did, shown after the reload


def run_pipeline(data_dir: Path, inputs: list[Path], label: str):
    """Run the pipeline on `inputs` into the data folder, with a progress bar.

    The run also rewrites DATA/events.geojson and mentions.csv (atomically), so the data folder
    stays what the command line would leave, and the page's next load reads the columnar copy.
    """
    from pipeline.run import run

    bar = st.progress(0.0, text=label)

    def progress(done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"{label} {done}/{total}: {Path(path).name}")

    report = run(inputs, data_dir, gazetteer=gazetteer(data_dir), progress=progress,
                 export=False)
    # What `run(export=True)` does, with its own line on the bar: in a large store it is the
    # longest part (every event is rewritten), and the analyst should see what is going on.
    bar.progress(1.0, text="Updating the data folder's events.geojson and mentions.csv…")
    Store(data_dir).export(data_dir, snapshot=True)
    bar.empty()
    return report


def seed_if_new(data_dir: Path, seeds: Path) -> None:
    """A data folder that never held a store gets one built from the seed articles first."""
    if not page_data.needs_seeding(data_dir):
        return
    inputs = page_data.seed_inputs(data_dir, seeds)
    if inputs:
        report = run_pipeline(data_dir, inputs, "First start: reading the seed articles")
        st.session_state[RESULT_KEY] = page_uploads.IngestResult(
            report.articles_read, report.events_written, tuple(report.rejected))
    else:
        Store(data_dir)  # an empty store: the page opens, and articles can be added


def add_articles(data_dir: Path) -> None:
    """Upload .txt/.md files or paste text; the pipeline runs on them and the page reloads."""
    limit = page_uploads.MAX_UPLOAD_BYTES // (1024 * 1024)
    with st.expander("Add articles", expanded=False):
        with st.form("upload_form", clear_on_submit=True):
            files = st.file_uploader(
                f"Article files (.txt or .md, up to {limit} MB each, "
                f"{page_uploads.MAX_FILES} at a time)",
                type=["txt", "md"], accept_multiple_files=True, key="upload_files",
            )
            upload = st.form_submit_button("Add the files", key="upload_submit")
        with st.form("paste_form", clear_on_submit=True):
            title = st.text_input("Title", key="paste_title")
            published = st.date_input("Published", value=None, key="paste_date",
                                      min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
            source = st.text_input("Source (optional)", key="paste_source")
            url = st.text_input("Link (optional)", key="paste_url")
            body = st.text_area("Text", height=160, key="paste_body")
            paste = st.form_submit_button("Add the text", key="paste_submit")
    jobs = []
    if upload and files:
        jobs = [(f.name, partial(page_uploads.save_upload, data_dir, f.name, f.getvalue()))
                for f in files[: page_uploads.MAX_FILES]]
    if paste:
        jobs = [(title or "(pasted text)", partial(
            page_uploads.save_pasted, data_dir, title=title, body=body, published=published,
            source=source, url=url))]
    if jobs:
        skipped = len(files) - page_uploads.MAX_FILES if upload and files else 0
        run = partial(run_pipeline, data_dir, label="Reading the new articles")
        st.session_state[RESULT_KEY] = page_uploads.ingest(jobs, run=run, skipped=skipped)
        st.rerun()  # load the new events from the store


def ingest_messages() -> None:
    """What the last addition did (kept across the reload that shows its events)."""
    result = st.session_state.pop(RESULT_KEY, None)
    if result is None:
        return
    if result.articles:
        st.success(f"Added {result.articles} article(s): {result.events} event(s).")
    if result.errors:
        st.html(page_uploads.errors_html(result.errors))
