#!/usr/bin/env bash
# Prints a TCP port that is free on 127.0.0.1 now (the kernel's pick), for a
# throwaway PostgreSQL cluster: pg_virtualenv otherwise takes the first free
# port from 5432 up, and two runs starting together (two checkouts testing at
# once, make check-setup beside make bench) both take it and one fails.
# perl is there wherever pg_virtualenv is (postgresql-common is written in it).
exec perl -MIO::Socket::INET -e '
  my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0, ReuseAddr => 1)
    or die "free-port: cannot open a socket on 127.0.0.1: $!\n";
  print $s->sockport, "\n";'
