// Label selectors against the API server's grammar: the valid and invalid strings of apimachinery's
// labels/selector_test.go (TestSelectorParse, TestSetSelectorParser), and matching against a plain reading of
// the operators as a property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSelector, matchesLabels, matchesSet, parseLabelSelector, selectorFromSet, SelectorParseError } from '../../../../src/model/api/label-selector.ts';

describe('parseLabelSelector', () => {
  it('accepts what the API server accepts', () => {
    for (const s of ['', 'x=a', 'x=a,y=b,z=c', 'x!=a', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5', 'x=a,y!=b', 'x in (abc,def)', 'x notin ()', 'x in (a,,b)', 'x in (in)', 'x notin (notin)', 'a.b/c-d=e', 'x==a']) {
      expect(() => parseLabelSelector(s), s).not.toThrow();
    }
  });

  it('refuses what the API server refuses, in its words', () => {
    for (const s of ['x=a||y=b', 'x==a==b', '!x=a', 'x<a', 'x>1.1', 'x in a', 'x=a,', '-x=a', 'x in (a', 'x notin (a b)']) {
      expect(() => parseLabelSelector(s), s).toThrow(SelectorParseError);
    }
    expect(() => parseLabelSelector('x in a')).toThrow("unable to parse requirement: found 'a' expected: '('");
    expect(() => parseLabelSelector('x=a,')).toThrow("found '', expected: identifier after ','");
  });

  it('sorts requirements by key and prints them as the API server does', () => {
    expect(formatSelector(parseLabelSelector('z=c, a in (y,x), !b'))).toBe('a in (x,y),!b,z=c');
  });

  it('evaluates each operator as Kubernetes defines it', () => {
    const labels = { app: 'nginx', tier: 'web', n: '5' };
    const m = (s: string) => matchesLabels(labels, parseLabelSelector(s));
    expect(m('app=nginx')).toBe(true);
    expect(m('app!=nginx')).toBe(false);
    expect(m('missing!=x')).toBe(true); // != matches an absent key
    expect(m('app in (nginx,httpd)')).toBe(true);
    expect(m('missing notin (x)')).toBe(true);
    expect(m('tier')).toBe(true);
    expect(m('!tier')).toBe(false);
    expect(m('n>4,n<6')).toBe(true);
    expect(m('app=nginx,tier=db')).toBe(false);
    expect(m('')).toBe(true);
  });

  it('a selector from a set matches exactly what the set matches', () => {
    const key = fc.constantFrom('app', 'tier', 'k8s-app', 'pod-template-hash');
    const value = fc.constantFrom('a', 'b', 'nginx', '');
    fc.assert(fc.property(fc.dictionary(key, value), fc.dictionary(key, value), (labels, set) => {
      expect(matchesLabels(labels, selectorFromSet(set))).toBe(matchesSet(labels, set));
      expect(matchesLabels(labels, parseLabelSelector(Object.entries(set).map(([k, v]) => `${k}=${v}`).join(',')))).toBe(matchesSet(labels, set));
    }));
  });
});
