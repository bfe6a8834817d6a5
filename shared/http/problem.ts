import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
  DomainError,
  type FieldError,
  UnavailableError,
  ValidationError,
} from "../kernel/errors.ts";

/** RFC 9457 problem details. `type` is a relative URI documented in the API reference. */
export interface Problem {
  type: string;
  title: string;
  titleVi: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<string, [string, string]> = {
  "validation-failed": ["Invalid request", "Yêu cầu không hợp lệ"],
  unauthorized: ["Not signed in", "Chưa đăng nhập"],
  forbidden: ["Not allowed", "Không có quyền"],
  "mfa-required": [
    "Authenticator app (TOTP) required",
    "Cần đăng nhập bằng ứng dụng xác thực (TOTP)",
  ],
  "not-found": ["Not found", "Không tìm thấy"],
  "wrong-state": ["Not allowed in the current state", "Không thực hiện được ở trạng thái hiện tại"],
  "stale-version": ["Changed by someone else", "Dữ liệu đã bị người khác thay đổi"],
  conflict: ["Conflict", "Xung đột"],
  "precondition-required": ["Version required", "Cần phiên bản (If-Match)"],
  "unsupported-media-type": ["Unsupported media type", "Định dạng dữ liệu không được hỗ trợ"],
  "payload-too-large": ["Request too large", "Dữ liệu gửi lên quá lớn"],
  "idempotency-key-reused": [
    "Idempotency-Key already used",
    "Idempotency-Key đã được dùng cho yêu cầu khác",
  ],
  unavailable: ["Temporarily unavailable", "Tạm thời không phục vụ được"],
  "internal-error": ["Internal error", "Lỗi hệ thống"],
};

export function problemOf(err: unknown, instance?: string): Problem {
  if (err instanceof DomainError) {
    const [title, titleVi] = TITLES[err.code] ?? [err.code, err.code];
    return {
      type: `/problems/${err.code}`,
      title,
      titleVi,
      status: err.status,
      detail: err.message,
      ...(instance ? { instance } : {}),
      ...(err instanceof ValidationError && err.errors.length > 0 ? { errors: err.errors } : {}),
      ...err.extra,
    };
  }
  // Never echo internals: the detail is generic; the cause is in the logs by request id.
  const [title, titleVi] = TITLES["internal-error"] as [string, string];
  return {
    type: "/problems/internal-error",
    title,
    titleVi,
    status: 500,
    detail: "an unexpected error occurred; it has been logged",
    ...(instance ? { instance } : {}),
  };
}

export function problemResponse(
  problem: Problem,
  err?: unknown,
): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (err instanceof UnavailableError) headers["retry-after"] = String(err.retryAfterSeconds);
  return { statusCode: problem.status, headers, body: JSON.stringify(problem) };
}
