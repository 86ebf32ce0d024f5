/**
 * Host, port and security for one protocol. Changing the security moves the port along when it
 * was still the usual port for the old security, so a user switching STARTTLS → SSL/TLS does not
 * end up talking TLS to port 587.
 */
import type { ReactNode } from 'react';
import type { Security, ServerSettings } from '../../../../shared/account';
import { PortField, SelectField, TextField, type SelectOption } from '../../../components/Fields';
import { defaultPort, type FieldErrors } from './draft';

const SECURITY_OPTIONS: readonly SelectOption<Security>[] = [
  { value: 'tls', label: 'SSL/TLS' },
  { value: 'starttls', label: 'STARTTLS' },
  { value: 'none', label: 'None' },
];

interface ServerFieldsetProps<S extends ServerSettings> {
  readonly protocol: 'imap' | 'smtp';
  readonly legend: string;
  readonly value: S;
  readonly onChange: (value: S) => void;
  readonly errors: FieldErrors;
  readonly children?: ReactNode;
}

export function ServerFieldset<S extends ServerSettings>(props: ServerFieldsetProps<S>) {
  const { protocol, value, onChange, errors } = props;
  const name = protocol.toUpperCase();
  return (
    <fieldset className="form-section">
      <legend>{props.legend}</legend>
      <div className="field-row">
        <TextField
          className="field-grow"
          label={`${name} host`}
          value={value.host}
          placeholder={protocol === 'imap' ? 'imap.example.com' : 'smtp.example.com'}
          error={errors[`${protocol}.host`]}
          onChange={(host) => onChange({ ...value, host })}
        />
        <PortField
          label={`${name} port`}
          value={value.port}
          error={errors[`${protocol}.port`]}
          onChange={(port) => onChange({ ...value, port })}
        />
        <SelectField
          label={`${name} security`}
          value={value.security}
          options={SECURITY_OPTIONS}
          error={errors[`${protocol}.security`]}
          onChange={(security) => {
            const wasDefault =
              value.port === defaultPort(protocol, value.security) || value.port === 0;
            onChange({
              ...value,
              security,
              port: wasDefault ? defaultPort(protocol, security) : value.port,
            });
          }}
        />
      </div>
      {value.security === 'none' && (
        <p className="field-warning">
          Without encryption your password and mail cross the network readable by anyone on the way.
          Use this only for a server on this computer.
        </p>
      )}
      {value.trustedCertificate && (
        <p className="field-help">
          Trusting the certificate with fingerprint{' '}
          <code className="fingerprint">{value.trustedCertificate.fingerprint256}</code>.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ ...value, trustedCertificate: undefined })}
          >
            Stop trusting it
          </button>
        </p>
      )}
      {props.children}
    </fieldset>
  );
}
