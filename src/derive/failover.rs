//! How a store survives the loss of a node or a zone, per technology: a primary with a
//! standby (PostgreSQL, MySQL, Redis) fails over to it, while a store that replicates by
//! itself (Cassandra's replication factor, a MongoDB replica set, DynamoDB, consensus
//! databases) has no standby to run and depends on its replication settings instead.

/// Substrings of a technology's name (lower case), what a zone loss needs from it when the
/// model states nothing, and how it loses no committed write (an RPO of zero). The first
/// match wins: Aurora before the engines it runs.
const TABLE: &[(&[&str], &str, &str)] = &[
    (
        &["aurora"],
        "Aurora keeps six copies of the data over three zones and promotes a replica in another zone within about 30 s; that replica is not stated, and without one a new instance takes minutes to start.",
        "Aurora's own storage, six copies over three zones (no committed write is lost)",
    ),
    (
        &["postgres"],
        "A failover to a synchronous standby in another zone (Patroni, or the managed service's Multi-AZ) is not stated; without one the restore takes the RTO below.",
        "synchronous replication to a standby in another zone (no committed write is lost)",
    ),
    (
        &["mysql", "mariadb"],
        "A failover to a semi-synchronous replica in another zone (Group Replication, or the managed service's Multi-AZ) is not stated; without one the restore takes the RTO below.",
        "semi-synchronous replication to a replica in another zone (no acknowledged write is lost)",
    ),
    (
        &["cassandra", "scylla"],
        "There is no standby: each partition lives on as many nodes as the replication factor, spread over racks, so with one rack per zone, a replication factor of 3 and `LOCAL_QUORUM` reads and writes it keeps answering through a zone loss; neither the replication factor nor the consistency level is stated.",
        "a replication factor of 3 with one rack per zone and `LOCAL_QUORUM` writes, so an acknowledged write is in two zones",
    ),
    (
        &["redis", "valkey"],
        "A replica in another zone promoted automatically (Sentinel, the cluster's own failover, or the managed service's Multi-AZ) is not stated; replication is asynchronous, so writes the primary acknowledged but had not passed on are lost in a failover.",
        "a replica in another zone and `WAIT` for its acknowledgement on each write (replication is otherwise asynchronous)",
    ),
    (
        &["mongo"],
        "A replica set with members in three zones elects a new primary within seconds; its members and `w: majority` writes are not stated.",
        "a replica set over three zones with `w: majority` writes (no acknowledged write is lost)",
    ),
    (
        &["dynamo"],
        "There is no standby to run: DynamoDB replicates every table over three zones itself; surviving a region needs global tables, which are not stated.",
        "DynamoDB's own replication over three zones (no acknowledged write is lost)",
    ),
    (
        &["cockroach", "spanner", "yugabyte", "tidb"],
        "There is no standby: it replicates each range by consensus over zones; a replication factor of 3 or more with replicas in three zones (its zone survival goal) is not stated.",
        "consensus replication over three zones (no committed write is lost)",
    ),
    (
        &["elasticsearch", "opensearch"],
        "Replica shards in another zone (shard allocation awareness) are not stated; without them a zone loss takes the shards it held until they are restored.",
        "replica shards in another zone, written before the write is acknowledged (`wait_for_active_shards`)",
    ),
];

const STANDBY: (&str, &str) = (
    "A failover to a standby in another zone is not stated; the restore takes the RTO below.",
    "synchronous replication to a standby in another zone (no committed write is lost)",
);

fn row(technology: &str) -> (&'static str, &'static str) {
    let t = technology.to_lowercase();
    TABLE
        .iter()
        .find(|(names, _, _)| names.iter().any(|n| t.contains(n)))
        .map_or(STANDBY, |(_, zone, sync)| (*zone, *sync))
}

/// What surviving a zone needs from a store running `technology` that the model does not say.
pub fn zone_gap(technology: &str) -> &'static str {
    row(technology).0
}

/// How a store running `technology` loses no committed write (an RPO of zero).
pub fn no_loss(technology: &str) -> &'static str {
    row(technology).1
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_failover_follows_the_stores_technology() {
        assert!(super::zone_gap("PostgreSQL 16").contains("synchronous standby"));
        let cassandra = super::zone_gap("Cassandra");
        assert!(cassandra.starts_with("There is no standby"));
        assert!(cassandra.contains("replication factor") && cassandra.contains("LOCAL_QUORUM"));
        assert!(super::zone_gap("Redis").contains("asynchronous"));
        assert!(super::zone_gap("Amazon Aurora PostgreSQL").starts_with("Aurora"));
        assert!(!super::zone_gap("DynamoDB").contains("standby in another zone"));
        assert!(super::no_loss("Cassandra").contains("LOCAL_QUORUM"));
        // A technology the table does not know keeps the generic standby.
        assert_eq!(super::zone_gap("FoundationDB"), super::STANDBY.0);
    }
}
