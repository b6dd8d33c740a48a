"""Moving a load's rows into PostgreSQL, and the processes that make them.

- ``copying``: the COPY transport: frames as CSV chunks (Arrow), relayed to the server a slice at a time,
  made in a forked child for big batches. It sends only the COPY statements ``atlas.queries`` gives it.
- ``forked``: a function run in a forked child process, its result taken back by pickle.
- ``people_rows``: the rows of new workers, their locations and skills, as frames ready for COPY.
- ``new_people``: the bulk path's copy of new workers straight into the person tables.

No SQL is written here: statements come from ``atlas.queries``. ``copying`` and ``forked`` sit below the
query layer (``atlas.queries.loading`` stages frames through them); ``new_people`` above it.
"""
