"""`make bench`: a large municipality generated into PostgreSQL, served by gunicorn and measured.

- `bench.generate`: the data generator (COPY / INSERT ... SELECT, a scale flag), a package with
  a module per app (core, journeys, customs, community, learning, impact) and what they share.
- `bench.run`: serves the portal, measures pages against a trivial logged-in floor view, counts
  queries at two scales, runs the scheduled jobs and the usage import, writes docs/benchmarks.md.
- `bench.jobs`, `bench.imports`: the scheduled-job and import measurements the runner calls.
"""
