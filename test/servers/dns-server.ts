/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1, so tests can resolve made-up names
 * (mail.example.test, MX and SRV records) without touching any real resolver.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

export type DnsRecord =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'MX'; exchange: string; priority: number }
  | { type: 'SRV'; target: string; port: number; priority: number; weight: number };

/** Zone: lower-case fully qualified name (no trailing dot) → records. */
export type DnsZone = Readonly<Record<string, readonly DnsRecord[]>>;

export interface DnsServer {
  readonly port: number;
  /** "127.0.0.1:PORT" for dns.Resolver.setServers */
  readonly address: string;
  close(): Promise<void>;
}

// RFC 1035 §4.1.1 response codes (the low four bits of the header flags).
const RCODE_NOERROR = 0;
const RCODE_FORMERR = 1;
const RCODE_NXDOMAIN = 3;
const TTL_SECONDS = 60;

/** Starts the server on a free 127.0.0.1 port and answers from `zone` only. */
export async function startDnsServer(zone: DnsZone): Promise<DnsServer> {
  const socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    answer(socket, zone, message, remote);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A send error to one client must not crash the test process; it only loses that answer.
  socket.on('error', (error) => {
    console.error('dns-server: socket error', error);
  });
  const { port } = socket.address();
  return {
    port,
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(socket: Socket, zone: DnsZone, message: Buffer, remote: RemoteInfo): void {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch (error) {
    // A datagram we cannot parse has no id we can trust; drop it, as real servers do.
    console.error('dns-server: undecodable query dropped', error);
    return;
  }
  const response = buildResponse(zone, query);
  socket.send(dnsPacket.encode(response), remote.port, remote.address);
}

function buildResponse(zone: DnsZone, query: dnsPacket.DecodedPacket): dnsPacket.Packet {
  const questions = query.questions ?? [];
  const base = { type: 'response' as const, id: query.id ?? 0, questions };
  const question = questions[0];
  if (questions.length !== 1 || question === undefined) {
    return { ...base, flags: RCODE_FORMERR };
  }
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const records = zone[name];
  if (records === undefined) {
    return { ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER | RCODE_NXDOMAIN };
  }
  // A known name with no record of the asked type is NODATA: NOERROR and no answers.
  const answers = records.flatMap((record) => toAnswer(question.name, question.type, record));
  return { ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER | RCODE_NOERROR, answers };
}

function toAnswer(name: string, asked: string, record: DnsRecord): dnsPacket.Answer[] {
  if (record.type !== asked) return [];
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return [{ type: record.type, name, ttl: TTL_SECONDS, data: record.address }];
    case 'MX':
      return [
        {
          type: 'MX',
          name,
          ttl: TTL_SECONDS,
          data: { exchange: record.exchange, preference: record.priority },
        },
      ];
    case 'SRV':
      return [
        {
          type: 'SRV',
          name,
          ttl: TTL_SECONDS,
          data: {
            target: record.target,
            port: record.port,
            priority: record.priority,
            weight: record.weight,
          },
        },
      ];
    default: {
      const unreachable: never = record;
      return unreachable;
    }
  }
}
