/**
 * The example.test zone the rig's DNS server answers, so provider detection (MX, then RFC 6186
 * SRV) finds the rig's servers for an @example.test address.
 */
import type { DnsZone } from './dns-server';

export interface RigZonePorts {
  /** Dovecot's implicit-TLS IMAP port (_imaps._tcp). */
  readonly imapTls: number;
  /** The SMTP submission STARTTLS port (_submission._tcp). */
  readonly submissionStarttls: number;
}

/** The zone: host names on 127.0.0.1, the domain's MX, and its mail SRV records. */
export function rigDnsZone(ports: RigZonePorts): DnsZone {
  return {
    'mail.example.test': [{ type: 'A', address: '127.0.0.1' }],
    'other.example.test': [{ type: 'A', address: '127.0.0.1' }],
    'example.test': [{ type: 'MX', exchange: 'mail.example.test', priority: 10 }],
    '_imaps._tcp.example.test': [
      { type: 'SRV', target: 'mail.example.test', port: ports.imapTls, priority: 0, weight: 1 },
    ],
    '_submission._tcp.example.test': [
      {
        type: 'SRV',
        target: 'mail.example.test',
        port: ports.submissionStarttls,
        priority: 0,
        weight: 1,
      },
    ],
  };
}
