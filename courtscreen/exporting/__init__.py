"""Export the screened docket: .xlsx (streamed, with a summary sheet) or CSV.

The exporter reads the database in chunks and writes rows as it goes, so a
50,000-case docket never sits in memory. It never imports Textual: the CLI
(`courtscreen export`) and the TUI export dialog are two front ends over
`service.export_docket`.
"""
