import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveValue, referencedIds, type ResolutionScope } from '../../sandbox/deployer/intrinsics';
import { parseTemplate } from '../../sandbox/deployer/template-file';

const scope: ResolutionScope = {
  parameters: { Env: 'qa', Zones: ['a', 'b'] },
  pseudoParameters: { 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '000000000000', 'AWS::StackName': 'lake' },
  conditions: { IsProd: false, IsQa: true },
  mappings: { Sizes: { qa: { Memory: 256 } } },
  resources: new Map([['Bucket', { ref: 'lake-bucket-1', attributes: { Arn: 'arn:aws:s3:::lake-bucket-1' } }]]),
  exports: { 'shared-vpc': 'vpc-123' },
};

describe('intrinsic functions', () => {
  const cases: Array<{ in: string; out: unknown }> = [
    { in: '!Ref Env', out: 'qa' },
    { in: '!Ref AWS::Region', out: 'eu-west-1' },
    { in: '!Ref Bucket', out: 'lake-bucket-1' },
    { in: '!GetAtt Bucket.Arn', out: 'arn:aws:s3:::lake-bucket-1' },
    { in: '!Sub "${AWS::StackName}-${Env}-${Bucket}-${Bucket.Arn}"', out: 'lake-qa-lake-bucket-1-arn:aws:s3:::lake-bucket-1' },
    { in: '!Sub ["${X}/${Env}", { X: !Ref Bucket }]', out: 'lake-bucket-1/qa' },
    { in: '!Sub "literal ${!NotResolved}"', out: 'literal ${NotResolved}' },
    { in: '!Join ["-", [a, !Ref Env]]', out: 'a-qa' },
    { in: '!Select [1, !Ref Zones]', out: 'b' },
    { in: '!Split [",", "x,y"]', out: ['x', 'y'] },
    { in: '!If [IsProd, big, small]', out: 'small' },
    { in: '!FindInMap [Sizes, !Ref Env, Memory]', out: 256 },
    { in: '!ImportValue shared-vpc', out: 'vpc-123' },
    { in: '!Base64 hi', out: 'aGk=' },
    { in: '{ A: 1, B: !If [IsProd, 2, !Ref AWS::NoValue] }', out: { A: 1 } },
    { in: '[a, !If [IsQa, !Ref AWS::NoValue, b]]', out: ['a'] },
  ];
  for (const testCase of cases) {
    it(testCase.in, () => {
      const document = parseTemplate(`value: ${testCase.in}\n`, 'test');
      assert.deepEqual(resolveValue(document.value, scope, 'value'), testCase.out);
    });
  }

  it('names an unknown intrinsic and where it is', () => {
    assert.throws(
      () => resolveValue({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, scope, 'Resources.X.Properties.Cidr'),
      /Resources\.X\.Properties\.Cidr\.Fn::Cidr: the intrinsic function Fn::Cidr is not supported/,
    );
  });

  it('finds what a value refers to, for the deploy order', () => {
    const document = parseTemplate(
      'v: { A: !Ref One, B: !GetAtt Two.Arn, C: !Sub "${Three}-${Four.Name}-${!Lit}", D: [!Ref AWS::Region] }\n',
      'test',
    );
    assert.deepEqual([...referencedIds(document.v)].sort(), ['AWS::Region', 'Four', 'One', 'Three', 'Two']);
  });
});
