import {isExpired, parseSecretKeys} from '../../../src/core/signing/key-info.js';

const LISTING = `sec:u:255:22:B8546D42F9CDB4D2:1795550031:1795636431::u:::scSC:::+::ed25519:::0:
fpr:::::::::6DFC69D30A5DD88A7F9B27F1B8546D42F9CDB4D2:
grp:::::::::5918E2566341871321C72BD9AE995C8FC2677B2F:
uid:u::::1795550031::D0F560407E03330C565023EF477090D27BD3A99C::Repo <r@example.invalid>::::::::::0:
ssb:u:255:22:1111111111111111:1795550099::::::s:::+::ed25519::
fpr:::::::::AAAA1111111111111111111111111111111111AA:
sec:e:2048:1:56A1F937820033C8:1600000000:1600000001::u:::scSC:::+:::23::0:
fpr:::::::::2275BFEB9509D6DC931EA77C56A1F937820033C8:
`;

describe('gpg key listing', () => {
  it('reads fingerprint, algorithm, validity, sign capability and the newest creation time', () => {
    const [a, b] = parseSecretKeys(LISTING);
    expect(a).toMatchObject({fingerprint: '6DFC69D30A5DD88A7F9B27F1B8546D42F9CDB4D2', algorithm: 22, created: 1795550099, expires: 1795636431, canSign: true, uid: 'Repo <r@example.invalid>'});
    expect(b).toMatchObject({fingerprint: '2275BFEB9509D6DC931EA77C56A1F937820033C8', algorithm: 1, validity: 'e'});
    expect(isExpired(a!, 1795550100)).toBe(false);
    expect(isExpired(a!, 1795636431)).toBe(true);
    expect(isExpired(b!, 0)).toBe(true);
  });
});
