-- Every batch of hits is recorded here in the same transaction as its hits. A batch whose
-- commit was not acknowledged (the connection broke at that moment) is spooled and replayed
-- later under the same id: if the commit had in fact happened, the id is here and the replay
-- is skipped, so no hit is ever stored twice. Old ids are pruned after a day.
CREATE TABLE hit_batches (
    batch TEXT   PRIMARY KEY,
    at    BIGINT NOT NULL
);
