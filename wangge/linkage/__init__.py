"""The chain of responsibility and the mechanisms that keep it honest: contracting (分包), contact points, work teams, public commitments, the opinion channel and accountability."""
