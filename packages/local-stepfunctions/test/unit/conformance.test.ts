import { describe, expect, it } from "vitest";
import { fnArn, type Handlers, passMachine, runOurs, runPeer } from "../support/harness.ts";

/**
 * Conformance: small machines whose expected results come from the AWS Step Functions developer
 * guide (URL next to each case). Cases marked `peer` also run through aws-local-stepfunctions and
 * the outputs must match.
 */
interface Case {
  name: string;
  definition: object;
  input: unknown;
  expected?: unknown;
  error?: string;
  cause?: string;
  handlers?: Handlers;
  peer: boolean;
}

const _DG = "https://docs.aws.amazon.com/step-functions/latest/dg";
const task = (fn: string, extra: Record<string, unknown> = {}) =>
  "Next" in extra
    ? { Type: "Task", Resource: fnArn(fn), ...extra }
    : { Type: "Task", Resource: fnArn(fn), End: true, ...extra };
const taskMachine = (fn: string, extra: Record<string, unknown> = {}) => ({
  StartAt: fn,
  States: { [fn]: task(fn, extra) },
});

const cases: Case[] = [
  // --- InputPath, Parameters, ResultSelector -------------------------------------------------
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html (InputPath)
  {
    name: "InputPath selects a node",
    definition: passMachine({ InputPath: "$.dataset2" }),
    input: {
      comment: "Example for InputPath.",
      dataset1: { val1: 1, val2: 2, val3: 3 },
      dataset2: { val1: "a", val2: "b", val3: "c" },
    },
    expected: { val1: "a", val2: "b", val3: "c" },
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html (a path can yield a selection of values)
  {
    name: "InputPath slice yields an array",
    definition: passMachine({ InputPath: "$.a[0:2]" }),
    input: { a: [1, 2, 3, 4] },
    expected: [1, 2],
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html (Parameters: key-value pairs)
  {
    name: "Parameters with static values and paths",
    definition: passMachine({
      Parameters: {
        comment: "Selecting what I care about.",
        MyDetails: {
          "size.$": "$.product.details.size",
          "exists.$": "$.product.availability",
          StaticValue: "foo",
        },
      },
    }),
    input: {
      comment: "Example for Parameters.",
      product: {
        details: { color: "blue", size: "small", material: "cotton" },
        availability: "in stock",
        sku: "2317",
        cost: "$23",
      },
    },
    expected: {
      comment: "Selecting what I care about.",
      MyDetails: { size: "small", exists: "in stock", StaticValue: "foo" },
    },
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html (ResultSelector)
  {
    name: "ResultSelector reshapes a task result before ResultPath",
    definition: taskMachine("emr", {
      ResultSelector: { "ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType" },
      ResultPath: "$.EMROutput",
    }),
    input: { job: "x" },
    handlers: {
      emr: () => ({
        resourceType: "elasticmapreduce",
        resource: "createCluster.sync",
        output: {
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: "1234-5678-9012" },
          ClusterId: "AKIAIOSFODNN7EXAMPLE",
        },
      }),
    },
    expected: {
      job: "x",
      EMROutput: { ClusterId: "AKIAIOSFODNN7EXAMPLE", ResourceType: "elasticmapreduce" },
    },
    peer: true,
  },
  // --- ResultPath ---------------------------------------------------------------------------------
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html (replace input with the result)
  {
    name: "ResultPath $ replaces the input",
    definition: taskMachine("hello", { ResultPath: "$" }),
    input: { comment: "This is a test", details: "Default example", who: "Step Functions" },
    handlers: { hello: (i) => `Hello, ${(i as { who: string }).who}!` },
    expected: "Hello, Step Functions!",
    peer: false, // the peer treats an explicit "$" as a key named "$"
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html (discard the result and keep the original input)
  {
    name: "ResultPath null keeps the input",
    definition: taskMachine("hello", { ResultPath: null }),
    input: { comment: "This is a test", details: "Default example", who: "Step Functions" },
    handlers: { hello: (i) => `Hello, ${(i as { who: string }).who}!` },
    expected: { comment: "This is a test", details: "Default example", who: "Step Functions" },
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html (include the result with the input)
  {
    name: "ResultPath adds the result to the input",
    definition: taskMachine("hello", { ResultPath: "$.taskresult" }),
    input: { comment: "This is a test", details: "Default example", who: "Step Functions" },
    handlers: { hello: (i) => `Hello, ${(i as { who: string }).who}!` },
    expected: {
      comment: "This is a test",
      details: "Default example",
      who: "Step Functions",
      taskresult: "Hello, Step Functions!",
    },
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html (update a node in the input with the result)
  {
    name: "ResultPath updates a nested node",
    definition: passMachine({ Result: [4, 5, 6], ResultPath: "$.master.detail" }),
    input: { master: { detail: [1, 2, 3] } },
    expected: { master: { detail: [4, 5, 6] } },
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html (include the error and the input in a Catch)
  {
    name: "Catch ResultPath keeps the input and adds the error",
    definition: {
      StartAt: "Fails",
      States: {
        Fails: task("boom", {
          Next: "Done",
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Done", ResultPath: "$.error" }],
        }),
        Done: { Type: "Pass", End: true },
      },
    },
    input: { foo: "bar" },
    handlers: {
      boom: () => {
        const e = new Error("Something went wrong");
        e.name = "CustomError";
        throw e;
      },
    },
    expected: {
      foo: "bar",
      error: {
        Error: "CustomError",
        Cause: JSON.stringify({ errorMessage: "Something went wrong", errorType: "CustomError" }),
      },
    },
    peer: false, // the peer renders Cause differently
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html (InputPath, ResultPath and OutputPath together)
  {
    name: "InputPath + ResultPath + OutputPath",
    definition: taskMachine("hello", {
      InputPath: "$.lambda",
      ResultPath: "$.data.lambdaresult",
      OutputPath: "$.data",
    }),
    input: {
      comment: "An input comment.",
      data: { val1: 23, val2: 17 },
      extra: "foo",
      lambda: { who: "AWS Step Functions" },
    },
    handlers: { hello: (i) => `Hello, ${(i as { who: string }).who}!` },
    expected: { val1: 23, val2: 17, lambdaresult: "Hello, AWS Step Functions!" },
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html (OutputPath null → empty object); https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
  {
    name: "OutputPath null yields {}",
    definition: passMachine({ OutputPath: null }),
    input: { a: 1 },
    expected: {},
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html (Pass with Result and ResultPath)
  {
    name: "Pass Result + ResultPath",
    definition: passMachine({
      Result: { "x-datum": 0.381018, "y-datum": 622.2269926397355 },
      ResultPath: "$.coords",
    }),
    input: { georefOf: "Home" },
    expected: { georefOf: "Home", coords: { "x-datum": 0.381018, "y-datum": 622.2269926397355 } },
    peer: true,
  },
  // --- Intrinsic functions: https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html ------------------------------------------
  ...(
    [
      [
        "States.Format with a literal",
        "States.Format('Hello, my name is {}.', $.name)",
        { name: "Arnav", template: "Hello, my name is {}." },
        "Hello, my name is Arnav.",
        true,
      ],
      [
        "States.Format with a path template",
        "States.Format($.template, $.name)",
        { name: "Arnav", template: "Hello, my name is {}." },
        "Hello, my name is Arnav.",
        true,
      ],
      [
        "States.StringToJson",
        "States.StringToJson($.escapedJsonString)",
        { escapedJsonString: '{"foo": "bar"}' },
        { foo: "bar" },
        true,
      ],
      [
        "States.JsonToString",
        "States.JsonToString($.unescapedJson)",
        { unescapedJson: { foo: "bar" } },
        '{"foo":"bar"}',
        true,
      ],
      ["States.Array", "States.Array($.Id)", { Id: 123456 }, [123456], true],
      [
        "States.ArrayPartition",
        "States.ArrayPartition($.inputArray,4)",
        { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
        [[1, 2, 3, 4], [5, 6, 7, 8], [9]],
        true,
      ],
      [
        "States.ArrayContains",
        "States.ArrayContains($.inputArray, $.lookingFor)",
        { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 },
        true,
        true,
      ],
      ["States.ArrayRange", "States.ArrayRange(1, 9, 2)", {}, [1, 3, 5, 7, 9], true],
      [
        "States.ArrayGetItem",
        "States.ArrayGetItem($.inputArray, $.index)",
        { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 },
        6,
        true,
      ],
      [
        "States.ArrayLength",
        "States.ArrayLength($.inputArray)",
        { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
        9,
        true,
      ],
      [
        "States.ArrayUnique",
        "States.ArrayUnique($.inputArray)",
        { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] },
        [1, 2, 3, 4],
        true,
      ],
      [
        "States.Base64Encode",
        "States.Base64Encode($.input)",
        { input: "Data to encode" },
        "RGF0YSB0byBlbmNvZGU=",
        true,
      ],
      [
        "States.Base64Decode",
        "States.Base64Decode($.base64)",
        { base64: "RGF0YSB0byBlbmNvZGU=" },
        "Data to encode",
        true,
      ],
      [
        "States.Hash",
        "States.Hash($.Data, $.Algorithm)",
        { Data: "input data", Algorithm: "SHA-1" },
        "aaff4a450a104cd177d28d18d74485e8cae074b7",
        true,
      ],
      [
        "States.JsonMerge",
        "States.JsonMerge($.json1, $.json2, false)",
        { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
        { a: { a3: 1, a4: 2 }, b: 2, c: 3 },
        true,
      ],
      ["States.MathAdd", "States.MathAdd($.value1, $.step)", { value1: 111, step: -1 }, 110, true],
      [
        "States.StringSplit",
        "States.StringSplit($.inputString, $.splitter)",
        { inputString: "1,2,3,4,5", splitter: "," },
        ["1", "2", "3", "4", "5"],
        true,
      ],
      // The guide splits on every character of the delimiter; the peer splits on the whole string.
      [
        "States.StringSplit with several delimiters",
        "States.StringSplit($.inputString, $.splitter)",
        { inputString: "This.is+a,test=string", splitter: ".+,=" },
        ["This", "is", "a", "test", "string"],
        false,
      ],
      [
        "nested intrinsics",
        "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), States.ArrayLength(States.StringSplit($.arn, '/')))",
        { arn: "a/b/c" },
        "b.3",
        true,
      ],
    ] as const
  ).map(
    ([name, expr, input, expected, peer]): Case => ({
      name,
      definition: passMachine({ Parameters: { "value.$": expr }, OutputPath: "$.value" }),
      input,
      expected,
      peer,
    }),
  ),
  // --- Choice: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html ------------------------------------------------------------
  ...[
    [{ type: "Public" }, "Public"],
    [{ type: "Private", value: 0 }, "ValueIsZero"],
    [{ type: "Private", value: 22 }, "ValueInTwenties"],
    [{ type: "Private", value: 50 }, "DefaultState"],
  ].map(
    ([input, branch]): Case => ({
      name: `Choice rules example → ${branch}`,
      definition: {
        StartAt: "ChoiceStateX",
        States: {
          ChoiceStateX: {
            Type: "Choice",
            Choices: [
              { Not: { Variable: "$.type", StringEquals: "Private" }, Next: "Public" },
              { Variable: "$.value", NumericEquals: 0, Next: "ValueIsZero" },
              {
                And: [
                  { Variable: "$.value", NumericGreaterThanEquals: 20 },
                  { Variable: "$.value", NumericLessThan: 30 },
                ],
                Next: "ValueInTwenties",
              },
            ],
            Default: "DefaultState",
          },
          Public: { Type: "Pass", Result: "Public", End: true },
          ValueIsZero: { Type: "Pass", Result: "ValueIsZero", End: true },
          ValueInTwenties: { Type: "Pass", Result: "ValueInTwenties", End: true },
          DefaultState: { Type: "Pass", Result: "DefaultState", End: true },
        },
      },
      input,
      expected: branch,
      peer: true,
    }),
  ),
  // https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html (Choice without a match and without Default)
  {
    name: "Choice without a match fails with States.NoChoiceMatched",
    definition: {
      StartAt: "C",
      States: {
        C: { Type: "Choice", Choices: [{ Variable: "$.x", NumericEquals: 1, Next: "A" }] },
        A: { Type: "Succeed" },
      },
    },
    input: { x: 2 },
    error: "States.NoChoiceMatched",
    peer: true,
  },
  // --- Fail: https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html --------------------------------------------------------------------
  {
    name: "Fail with Error and Cause",
    definition: {
      StartAt: "F",
      States: { F: { Type: "Fail", Error: "ErrorA", Cause: "Kaiju attack" } },
    },
    input: {},
    error: "ErrorA",
    cause: "Kaiju attack",
    peer: true,
  },
  {
    name: "Fail with ErrorPath and CausePath (intrinsic)",
    definition: {
      StartAt: "F",
      States: {
        F: {
          Type: "Fail",
          ErrorPath: "$.Error",
          CausePath:
            "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)",
        },
      },
    },
    input: { Error: "MyError", Cause: "a bad input" },
    error: "MyError",
    cause: "This is a custom error message for MyError, caused by a bad input.",
    peer: false,
  },
  // --- Parallel: https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html --------------------------------------------------------------
  {
    name: "Parallel output is the array of branch outputs",
    definition: {
      StartAt: "LookupCustomerInfo",
      States: {
        LookupCustomerInfo: {
          Type: "Parallel",
          End: true,
          Branches: [
            { StartAt: "LookupAddress", States: { LookupAddress: task("address") } },
            { StartAt: "LookupPhone", States: { LookupPhone: task("phone") } },
          ],
        },
      },
    },
    input: { customer: "c-1" },
    handlers: {
      address: (i) => ({ address: `${(i as { customer: string }).customer} street` }),
      phone: () => ({ phone: "0123" }),
    },
    expected: [{ address: "c-1 street" }, { phone: "0123" }],
    peer: true,
  },
  {
    name: "Parallel: a failing branch is caught at the Parallel state",
    definition: {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          Next: "Recovered",
          Catch: [{ ErrorEquals: ["BranchError"], Next: "Recovered", ResultPath: "$.failure" }],
          Branches: [
            { StartAt: "Ok", States: { Ok: { Type: "Pass", End: true } } },
            {
              StartAt: "Bad",
              States: { Bad: { Type: "Fail", Error: "BranchError", Cause: "branch 2" } },
            },
          ],
        },
        Recovered: { Type: "Pass", End: true },
      },
    },
    input: { x: 1 },
    expected: { x: 1, failure: { Error: "BranchError", Cause: "branch 2" } },
    peer: true,
  },
  // --- Map: https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html ------------------------------------------------------------------
  {
    name: "Map with InputPath, ItemsPath and ResultPath",
    definition: {
      StartAt: "Validate-All",
      States: {
        "Validate-All": {
          Type: "Map",
          InputPath: "$.detail",
          ItemsPath: "$.shipped",
          MaxConcurrency: 0,
          ItemProcessor: { StartAt: "Validate", States: { Validate: task("validate") } },
          ResultPath: "$.detail.shipped",
          End: true,
        },
      },
    },
    input: {
      "ship-date": "2016-03-14T01:59:00Z",
      detail: {
        "delivery-partner": "UQS",
        shipped: [
          { prod: "R31", "dest-code": 9511, quantity: 1344 },
          { prod: "S39", "dest-code": 9511, quantity: 40 },
          { prod: "R31", "dest-code": 9833, quantity: 12 },
        ],
      },
    },
    handlers: { validate: (i) => ({ ...(i as object), valid: true }) },
    expected: {
      "ship-date": "2016-03-14T01:59:00Z",
      detail: {
        "delivery-partner": "UQS",
        shipped: [
          { prod: "R31", "dest-code": 9511, quantity: 1344, valid: true },
          { prod: "S39", "dest-code": 9511, quantity: 40, valid: true },
          { prod: "R31", "dest-code": 9833, quantity: 12, valid: true },
        ],
      },
    },
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html (ItemSelector with the Context object's Map.Item)
  {
    name: "Map ItemSelector with $$.Map.Item.Index/Value and MaxConcurrency 1",
    definition: {
      StartAt: "ExampleMapState",
      States: {
        ExampleMapState: {
          Type: "Map",
          MaxConcurrency: 1,
          ItemSelector: {
            "ContextIndex.$": "$$.Map.Item.Index",
            "ContextValue.$": "$$.Map.Item.Value",
            "Partner.$": "$.partner",
          },
          ItemsPath: "$.items",
          ItemProcessor: {
            ProcessorConfig: { Mode: "INLINE" },
            StartAt: "TestPass",
            States: { TestPass: { Type: "Pass", End: true } },
          },
          End: true,
        },
      },
    },
    input: { partner: "UQS", items: [{ who: "bob" }, { who: "meg" }, { who: "joe" }] },
    expected: [
      { ContextIndex: 0, ContextValue: { who: "bob" }, Partner: "UQS" },
      { ContextIndex: 1, ContextValue: { who: "meg" }, Partner: "UQS" },
      { ContextIndex: 2, ContextValue: { who: "joe" }, Partner: "UQS" },
    ],
    peer: true,
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html (legacy Iterator + Parameters)
  {
    name: "Map with legacy Iterator and Parameters",
    definition: {
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          Parameters: { "n.$": "$$.Map.Item.Value" },
          Iterator: { StartAt: "Double", States: { Double: task("double") } },
          ResultSelector: { "all.$": "$" },
          End: true,
        },
      },
    },
    input: [1, 2, 3],
    handlers: { double: (i) => (i as { n: number }).n * 2 },
    expected: { all: [2, 4, 6] },
    peer: true,
  },
  // --- Retry and Catch: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html ----------------------------------------------
  {
    name: "Retry then succeed (ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate)",
    definition: taskMachine("flaky", {
      Retry: [
        {
          ErrorEquals: ["Lambda.ServiceException"],
          IntervalSeconds: 3,
          MaxAttempts: 2,
          BackoffRate: 1.5,
        },
      ],
    }),
    input: {},
    handlers: flakyHandlers(2),
    expected: { attempts: 3 },
    peer: true,
  },
  {
    name: "Retry exhausted, then Catch falls back (States.ALL last)",
    definition: {
      StartAt: "T",
      States: {
        T: task("flaky", {
          Next: "Ok",
          Retry: [{ ErrorEquals: ["Lambda.ServiceException"], MaxAttempts: 1, IntervalSeconds: 1 }],
          Catch: [
            { ErrorEquals: ["java.lang.Exception"], Next: "Ok" },
            { ErrorEquals: ["States.ALL"], Next: "Fallback", ResultPath: "$.err" },
          ],
        }),
        Ok: { Type: "Pass", End: true },
        Fallback: { Type: "Pass", Parameters: { "error.$": "$.err.Error" }, End: true },
      },
    },
    input: { id: 1 },
    handlers: flakyHandlers(5),
    expected: { error: "Lambda.ServiceException" },
    peer: true,
  },
  {
    name: "States.TaskFailed matches a task error",
    definition: {
      StartAt: "T",
      States: {
        T: task("flaky", {
          Next: "Ok",
          Catch: [{ ErrorEquals: ["States.TaskFailed"], Next: "Caught" }],
        }),
        Ok: { Type: "Succeed" },
        Caught: { Type: "Pass", Result: "caught", End: true },
      },
    },
    input: {},
    handlers: flakyHandlers(5),
    expected: "caught",
    peer: true,
  },
];

function flakyHandlers(failures: number): Handlers {
  let calls = 0;
  return {
    flaky: () => {
      calls++;
      if (calls <= failures) {
        const e = new Error("transient");
        e.name = "Lambda.ServiceException";
        throw e;
      }
      const attempts = calls;
      calls = 0;
      return { attempts };
    },
  };
}

describe("conformance with the AWS Step Functions developer guide", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const ours = await runOurs(c.definition, c.input, c.handlers ?? {});
      if (c.error !== undefined) {
        expect({ status: ours.status, error: ours.error }).toEqual({
          status: "FAILED",
          error: c.error,
        });
        if (c.cause !== undefined) expect(ours.cause).toBe(c.cause);
      } else {
        expect(ours.error ?? "").toBe("");
        expect(ours.status).toBe("SUCCEEDED");
        expect(ours.output).toEqual(c.expected);
      }
      if (c.peer) {
        const peer = await runPeer(c.definition, c.input, c.handlers ?? {});
        if (c.error !== undefined) expect(peer).toMatchObject({ status: "FAILED", error: c.error });
        else expect(peer).toEqual({ status: "SUCCEEDED", output: ours.output });
      }
    });
  }
});
