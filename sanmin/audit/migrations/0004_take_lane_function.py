"""One round trip per audit event on PostgreSQL: take a lane and read its head and
the next lane's head (sanmin.audit.services._take_lane says why each step)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION sanmin_audit_take_lane(
    lane_order integer[], lock_base bigint, lane_count integer, wait_lane integer
) RETURNS TABLE (taken_lane integer, prev_hash text, witness_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    held integer := nullif(current_setting('sanmin.audit_lane', true), '')::integer;
    candidate integer;
    chosen integer;
BEGIN
    FOREACH candidate IN ARRAY array_remove(ARRAY[held], NULL) || lane_order LOOP
        IF pg_try_advisory_xact_lock(lock_base + candidate) THEN
            chosen := candidate;
            EXIT;
        END IF;
    END LOOP;
    IF chosen IS NULL THEN
        PERFORM pg_advisory_xact_lock(lock_base + wait_lane);
        chosen := wait_lane;
    END IF;
    PERFORM set_config('sanmin.audit_lane', chosen::text, true);
    -- A statement of its own after the lock (a volatile function takes a new
    -- snapshot per statement): it sees what the lane's previous holder committed.
    RETURN QUERY
    SELECT chosen,
           (SELECT e.hash::text FROM audit_auditevent e
            WHERE e.lane = chosen ORDER BY e.id DESC LIMIT 1),
           (SELECT e.hash::text FROM audit_auditevent e
            WHERE e.lane = mod(chosen + 1, lane_count) ORDER BY e.id DESC LIMIT 1);
END
$$
"""
DROP = "DROP FUNCTION IF EXISTS sanmin_audit_take_lane(integer[], bigint, integer, integer)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_lanes")]

    operations = [migrations.RunPython(create, drop)]
