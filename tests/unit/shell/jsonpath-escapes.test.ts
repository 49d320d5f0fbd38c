// kubectl's JSONPath: a field name with dots in it (an annotation key) is written with each dot escaped, as
// client-go's parser reads it (k8s.io/client-go/util/jsonpath, parser_test.go: `{.book.key\.with\.dots}`).
import { describe, expect, it } from 'vitest';
import { jsonpath } from '../../../src/shell/format/jsonpath.ts';

describe('jsonpath escaped dots', () => {
  const sa = { metadata: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r', eks: { amazonaws: 'nested' } } } };
  it('reads a key that contains dots', () => {
    expect(jsonpath('{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}', sa)).toBe('arn:aws:iam::1:role/r');
  });
  it('an unescaped dot still descends', () => {
    expect(jsonpath('{.metadata.annotations.eks.amazonaws}', sa)).toBe('nested');
  });
});
