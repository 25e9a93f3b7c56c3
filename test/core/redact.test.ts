import {redact, registerSecret} from '../../src/core/redact.js';

describe('redact', () => {
  it('masks the password in URL user info', () => {
    expect(redact('git clone https://alice:s3cret@git.example.com/r.git')).toBe('git clone https://alice:***@git.example.com/r.git');
  });

  it('masks a bare token used as URL user', () => {
    expect(redact('https://ghp_abcdef123@git.example.com/r.git')).toBe('https://***@git.example.com/r.git');
  });

  it('masks index URLs with credentials in pip args', () => {
    expect(redact('pip install --index-url https://u:p4ss@pkgs.example.com/simple/ -r req.txt')).toBe(
      'pip install --index-url https://u:***@pkgs.example.com/simple/ -r req.txt',
    );
  });

  it('masks token and password flags in both spellings', () => {
    expect(redact('--token abc123 --password=hunter22')).toBe('--token *** --password=***');
  });

  it('masks secret-looking environment assignments', () => {
    expect(redact('PIP_PASSWORD=hunter22 API_TOKEN=x1')).toBe('PIP_PASSWORD=*** API_TOKEN=***');
  });

  it('masks registered literal secrets anywhere', () => {
    registerSecret('very-secret-value');
    expect(redact('the value is very-secret-value.')).toBe('the value is ***.');
  });

  it('leaves ordinary text alone', () => {
    const text = 'pip install --index-url http://127.0.0.1:8080/simple/ requests==2.0';
    expect(redact(text)).toBe(text);
  });
});
