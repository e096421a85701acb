import type { ExportJob } from "@xks/shared/api/exports";
import {
  QUIZ_CHOICE_LETTERS,
  QUIZ_MAX_CHOICES,
  QUIZ_STATUS_LABELS,
  type Quiz,
  type QuizQuestionInput,
  quizInputSchema,
} from "@xks/shared/api/quizzes";
import { useEffect, useState } from "react";
import { Button, useNavigate, useParams } from "zmp-ui";
import { api } from "../../api/api.ts";
import { ApiRequestError, apiUrl, describeError } from "../../api/api-client.ts";
import { DateTimeField, Field, FilePicker, Segmented } from "../../components/form-controls.tsx";
import { describeInputDay, formatDateTime, formatNumber, todayInVietnam } from "../../components/format.ts";
import { PrivacyNotice } from "../../components/privacy-notice.tsx";
import { QrPoster } from "../../components/qr-poster.tsx";
import { Card, EmptyState, ErrorText, Loading, ResourceStatus, Screen } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";
import { UnitMultiPicker } from "../../components/unit-multi-picker.tsx";
import { useResource } from "../../components/use-resource.ts";
import { isoToVietnamLocal, vietnamDayTimeToIso } from "../../components/vietnam-time.ts";
import { openDownload } from "../../platform/zalo-platform.ts";
import { useSession } from "../../session/session.tsx";

/**
 * Quizzes on the OA: the list, the form (or a CSV of questions), and each quiz's QR code and per-commune
 * leaderboard. The form validates with the server's own zod schema (this screen loads on demand, so the schema does
 * not weigh on the first load), so the messages it shows are the ones the API would send.
 */
export function QuizzesAdminPage() {
  const navigate = useNavigate();
  const { member } = useSession();
  const quizzes = useResource(() => api.quizzes(), []);
  return (
    <Screen title="Cuộc thi trên OA" back testId="quizzes-admin-page">
      {member?.role === "ORG_ADMIN" ? (
        <div className="row-actions">
          <Button onClick={() => navigate("/admin/quizzes/new")}>Tạo cuộc thi mới</Button>
        </div>
      ) : null}
      <ResourceStatus resource={quizzes} />
      {quizzes.data?.items.length === 0 ? <EmptyState>Chưa có cuộc thi nào.</EmptyState> : null}
      <ul className="plain-list">
        {(quizzes.data?.items ?? []).map((quiz) => (
          <li key={quiz.id}>
            <button type="button" className="card menu-card" onClick={() => navigate(`/admin/quizzes/${quiz.id}`)}>
              <b>{quiz.title}</b>
              <span>
                {QUIZ_STATUS_LABELS[quiz.status]} · từ khóa «{quiz.keyword}» · {quiz.questionCount} câu
              </span>
              <span>
                {formatNumber(quiz.finished)} người hoàn thành / {formatNumber(quiz.started)} người tham gia
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

const emptyQuestion = (): QuizQuestionInput => ({ text: "", choices: ["", ""], correctIndex: 0, explanation: "" });

export function QuizNewPage() {
  return <QuizForm existing={null} />;
}

/**
 * An admin edits a quiz with the same form. Once a resident started it its questions stay as they are (the server
 * refuses a change with QUIZ_HAS_ATTEMPTS): the form then offers the title, keyword, times and units only.
 */
export function QuizEditPage() {
  const { id = "" } = useParams();
  const quiz = useResource(() => api.quiz(id), [id]);
  if (!quiz.data) {
    return (
      <Screen title="Sửa cuộc thi" back testId="quiz-edit-page">
        <ResourceStatus resource={quiz} />
      </Screen>
    );
  }
  return <QuizForm key={quiz.data.id} existing={quiz.data} />;
}

function QuizForm({ existing }: { existing: Quiz | null }) {
  const navigate = useNavigate();
  const toast = useToast();
  const units = useResource(() => api.units(), []);
  const [title, setTitle] = useState(existing?.title ?? "");
  const [keyword, setKeyword] = useState(existing?.keyword ?? "");
  const [intro, setIntro] = useState(existing?.intro ?? "");
  const [opensAt, setOpensAt] = useState(() => existing?.opensAt ?? vietnamDayTimeToIso(todayInVietnam(), "08:00"));
  const [closesAt, setClosesAt] = useState(() => existing?.closesAt ?? vietnamDayTimeToIso(todayInVietnam(7), "17:00"));
  const [unitCodes, setUnitCodes] = useState<string[]>(existing?.units.map((u) => u.code) ?? []);
  const [mode, setMode] = useState<"form" | "csv">("form");
  const [questions, setQuestions] = useState<QuizQuestionInput[]>(
    existing?.questions.map((q) => ({ ...q, explanation: q.explanation ?? "" })) ?? [emptyQuestion()],
  );
  const questionsLocked = existing !== null && existing.started > 0;
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const setQuestion = (index: number, change: Partial<QuizQuestionInput>) =>
    setQuestions((all) => all.map((q, i) => (i === index ? { ...q, ...change } : q)));

  const submit = async () => {
    const meta = { title, keyword, intro, opensAt, closesAt, unitCodes };
    setErrors([]);
    if (mode === "form") {
      const body = {
        ...meta,
        questions: questions.map((q) => ({ ...q, explanation: q.explanation?.trim() ? q.explanation : null })),
      };
      const checked = quizInputSchema.safeParse(body);
      if (!checked.success) {
        setErrors(
          checked.error.issues.map((issue) => {
            const [first, index] = issue.path;
            return first === "questions" && typeof index === "number"
              ? `Câu ${index + 1}: ${issue.message}`
              : issue.message;
          }),
        );
        return;
      }
      await save(() => (existing ? api.updateQuiz(existing.id, body) : api.createQuiz(body)));
      return;
    }
    if (!csv) {
      setErrors(["Vui lòng chọn tệp CSV câu hỏi."]);
      return;
    }
    await save(() => api.importQuiz({ ...meta, csv: csv.text }));
  };

  const save = async (call: () => Promise<{ id: string }>) => {
    setSaving(true);
    try {
      const quiz = await call();
      if (existing) toast.show("Đã lưu cuộc thi.", "success");
      navigate(`/admin/quizzes/${quiz.id}`, { replace: true });
    } catch (err) {
      const lines =
        err instanceof ApiRequestError && err.code === "QUIZ_CSV_INVALID" && Array.isArray(err.details)
          ? (err.details as { line: number; message: string }[]).map((d) => `Dòng ${d.line}: ${d.message}`)
          : [];
      setErrors([describeError(err), ...lines]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Screen
      title={existing ? "Sửa cuộc thi" : "Tạo cuộc thi"}
      back
      testId={existing ? "quiz-edit-page" : "quiz-new-page"}
    >
      <Card>
        <Field label="Tên cuộc thi">
          <textarea
            className="text-input"
            rows={2}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-label="Tên cuộc thi"
          />
        </Field>
        <Field label="Từ khóa" hint="Người dân nhắn từ khóa này cho OA để bắt đầu (có dấu hay không đều được).">
          <input
            className="text-input"
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            aria-label="Từ khóa"
            placeholder="Ví dụ: THI ĐOÀN"
          />
        </Field>
        <Field label="Lời giới thiệu (không bắt buộc)">
          <textarea className="text-input" rows={2} value={intro} onChange={(e) => setIntro(e.target.value)} />
        </Field>
        <div className="field-pair">
          <DateTimeField
            label="Bắt đầu"
            value={opensAt}
            onChange={setOpensAt}
            hint={describeInputDay(isoToVietnamLocal(opensAt))}
          />
          <DateTimeField
            label="Kết thúc"
            value={closesAt}
            onChange={setClosesAt}
            hint={describeInputDay(isoToVietnamLocal(closesAt))}
          />
        </div>
        <Field label="Tính điểm cho đơn vị" hint="Không chọn: mọi đơn vị. Gồm cả các đơn vị trực thuộc.">
          <UnitMultiPicker
            units={units.data?.items ?? null}
            loading={units.loading}
            error={units.error}
            selected={unitCodes}
            onToggle={(code) =>
              setUnitCodes((codes) => (codes.includes(code) ? codes.filter((c) => c !== code) : [...codes, code]))
            }
          />
        </Field>
      </Card>
      {questionsLocked ? (
        <Card title={`${existing?.questions.length ?? 0} câu hỏi`}>
          <p className="muted" data-testid="quiz-questions-locked">
            Đã có {formatNumber(existing?.started ?? 0)} người dự thi nên không sửa được câu hỏi (để điểm của mọi người
            được tính như nhau). Bạn vẫn sửa được tên, từ khóa, thời gian và đơn vị.
          </p>
          <ol>
            {questions.map((q, i) => (
              <li key={`locked-${i.toString()}`}>{q.text}</li>
            ))}
          </ol>
        </Card>
      ) : null}
      {existing ? null : (
        <Segmented
          label="Cách nhập câu hỏi"
          value={mode}
          onChange={setMode}
          options={[
            { value: "form", label: "Soạn câu hỏi" },
            { value: "csv", label: "Nhập từ CSV" },
          ]}
        />
      )}
      {questionsLocked ? null : mode === "form" ? (
        <>
          {questions.map((q, index) => (
            <Card key={`q-${index.toString()}`} title={`Câu ${index + 1}`}>
              <Field label="Câu hỏi">
                <textarea
                  className="text-input"
                  rows={2}
                  value={q.text}
                  aria-label={`Câu hỏi ${index + 1}`}
                  onChange={(e) => setQuestion(index, { text: e.target.value })}
                />
              </Field>
              {q.choices.map((choice, c) => (
                <div className="choice-row" key={`c-${c.toString()}`}>
                  <label className="choice-correct">
                    <input
                      type="radio"
                      name={`correct-${index}`}
                      checked={q.correctIndex === c}
                      onChange={() => setQuestion(index, { correctIndex: c })}
                      aria-label={`Đáp án đúng là ${QUIZ_CHOICE_LETTERS[c]}`}
                    />
                    {QUIZ_CHOICE_LETTERS[c]}
                  </label>
                  <input
                    className="text-input"
                    value={choice}
                    aria-label={`Câu ${index + 1} lựa chọn ${QUIZ_CHOICE_LETTERS[c]}`}
                    onChange={(e) =>
                      setQuestion(index, { choices: q.choices.map((x, j) => (j === c ? e.target.value : x)) })
                    }
                  />
                </div>
              ))}
              <p className="muted">Chấm tròn: đáp án đúng.</p>
              <div className="row-actions">
                {q.choices.length < QUIZ_MAX_CHOICES ? (
                  <Button
                    size="small"
                    variant="secondary"
                    onClick={() => setQuestion(index, { choices: [...q.choices, ""] })}
                  >
                    Thêm lựa chọn
                  </Button>
                ) : null}
                {q.choices.length > 2 ? (
                  <Button
                    size="small"
                    variant="tertiary"
                    onClick={() =>
                      setQuestion(index, {
                        choices: q.choices.slice(0, -1),
                        correctIndex: Math.min(q.correctIndex, q.choices.length - 2),
                      })
                    }
                  >
                    Bớt lựa chọn
                  </Button>
                ) : null}
              </div>
              <Field label="Giải thích (không bắt buộc)">
                <textarea
                  className="text-input"
                  rows={2}
                  value={q.explanation ?? ""}
                  onChange={(e) => setQuestion(index, { explanation: e.target.value })}
                />
              </Field>
              {questions.length > 1 ? (
                <Button
                  size="small"
                  variant="tertiary"
                  onClick={() => setQuestions((all) => all.filter((_, i) => i !== index))}
                >
                  Xóa câu này
                </Button>
              ) : null}
            </Card>
          ))}
          <div className="row-actions">
            <Button variant="secondary" onClick={() => setQuestions((all) => [...all, emptyQuestion()])}>
              Thêm câu hỏi
            </Button>
          </div>
        </>
      ) : (
        <Card title="Câu hỏi từ tệp CSV">
          <p className="muted">
            Mỗi dòng một câu: cau_hoi, a, b, c, d, dap_an (A–D), giai_thich. Có lỗi thì không tạo gì.
          </p>
          <FilePicker
            label="Chọn tệp CSV"
            accept=".csv,text/csv"
            fileName={csv?.name ?? null}
            onFile={(file) => void file.text().then((text) => setCsv({ name: file.name, text }))}
          />
        </Card>
      )}
      {/* Residents read every text of a quiz on the OA; a CSV's texts too (the whole file is checked). */}
      <PrivacyNotice
        text={[
          title,
          intro,
          ...(mode === "form"
            ? questions.flatMap((q) => [q.text, ...q.choices, q.explanation ?? ""])
            : [csv?.text ?? ""]),
        ].join("\n")}
      />
      <div data-testid="quiz-form-errors">
        {errors.map((line) => (
          <ErrorText key={line}>{line}</ErrorText>
        ))}
      </div>
      <div className="row-actions">
        <Button loading={saving} onClick={() => void submit()}>
          Lưu cuộc thi
        </Button>
      </div>
    </Screen>
  );
}

/** One quiz: its details, its QR code for posters, the leaderboard per commune and its export. */
export function QuizDetailPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { member } = useSession();
  const quiz = useResource(() => api.quiz(id), [id]);
  const board = useResource(() => api.quizLeaderboard(id), [id]);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const building = job !== null && (job.status === "QUEUED" || job.status === "RUNNING");
  const jobId = job?.id;
  useEffect(() => {
    if (!building || !jobId) return;
    const timer = window.setInterval(() => {
      api
        .exportStatus(jobId)
        .then(setJob)
        .catch(() => undefined);
    }, 1_500);
    return () => window.clearInterval(timer);
  }, [building, jobId]);
  const requestExport = async (format: "xlsx" | "csv") => {
    setError(null);
    try {
      setJob(await api.requestQuizExport(id, format));
    } catch (err) {
      setError(describeError(err));
    }
  };
  const download = async () => {
    if (!job) return;
    try {
      const fresh = await api.exportStatus(job.id);
      if (fresh.download) await openDownload(apiUrl(fresh.download.url));
    } catch (err) {
      setError(describeError(err));
    }
  };
  const q = quiz.data;
  return (
    <Screen title="Cuộc thi" back testId="quiz-detail-page">
      {quiz.loading && !q ? <Loading /> : null}
      <ErrorText>{quiz.error}</ErrorText>
      {q ? (
        <>
          <Card title={q.title}>
            <p>
              {QUIZ_STATUS_LABELS[q.status]} · {q.questionCount} câu · từ khóa «{q.keyword}»
            </p>
            <p className="muted">
              Từ {formatDateTime(q.opensAt)} đến {formatDateTime(q.closesAt)}
              {q.units.length > 0 ? ` · ${q.units.map((u) => u.name).join(", ")}` : " · mọi đơn vị"}
            </p>
            {member?.role === "ORG_ADMIN" ? (
              <Button
                size="small"
                variant="secondary"
                onClick={() => navigate(`/admin/quizzes/${encodeURIComponent(q.id)}/edit`)}
                data-testid="edit-quiz"
              >
                Sửa cuộc thi
              </Button>
            ) : null}
          </Card>
          <Card title="Mã QR để in">
            <QrPoster kind="quiz" id={q.id} />
          </Card>
        </>
      ) : null}
      <Card title="Bảng xếp hạng theo xã">
        <ErrorText>{board.error}</ErrorText>
        {board.data && board.data.rows.length === 0 ? <EmptyState>Chưa có ai hoàn thành.</EmptyState> : null}
        {board.data && board.data.rows.length > 0 ? (
          <table className="data-table" data-testid="quiz-leaderboard">
            <thead>
              <tr>
                <th>Hạng</th>
                <th>Đơn vị</th>
                <th>Người</th>
                <th>Điểm TB</th>
                <th>Thời gian</th>
              </tr>
            </thead>
            <tbody>
              {board.data.rows.map((row) => (
                <tr key={row.unit.code}>
                  <td>{row.rank}</td>
                  <td>{row.unit.name}</td>
                  <td>{formatNumber(row.participants)}</td>
                  <td>
                    {row.averageScore.toLocaleString("vi-VN")}/{board.data?.questionCount}
                  </td>
                  <td>{Math.round(row.averageSeconds)} s</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {board.data && board.data.unranked > 0 ? (
          <p className="muted">{formatNumber(board.data.unranked)} người chưa chọn xã (không xếp hạng).</p>
        ) : null}
        <p className="muted">Chỉ hiện số người và điểm trung bình, không hiện tên người dân.</p>
        <ErrorText>{error}</ErrorText>
        <div className="row-actions">
          <Button size="small" disabled={building} onClick={() => void requestExport("xlsx")}>
            Xuất Excel
          </Button>
          <Button size="small" variant="secondary" disabled={building} onClick={() => void requestExport("csv")}>
            Xuất CSV
          </Button>
          {job?.status === "DONE" ? (
            <Button size="small" onClick={() => void download()}>
              Tải về
            </Button>
          ) : null}
        </div>
        {job && job.status !== "DONE" ? (
          <p className="muted">{job.status === "FAILED" ? job.error : "Đang tạo tệp…"}</p>
        ) : null}
      </Card>
    </Screen>
  );
}
