// Public surface of the mail module: the outbox, its delivery, and the messages the app sends.

export { mailRoutes } from "./mail.routes";
export * from "./mail.schema";
export {
  createMailer,
  type DeliveryReport,
  getOutboxMessage,
  listOutboxMessages,
  MAX_DELIVERY_ATTEMPTS,
  type Mailer,
  type MailerOptions,
  queueMessage,
  smtpUrlIsValid,
} from "./mail.service";
export { invitationMessage, kigaliDateTime, type MailLocale, passwordResetMessage } from "./mail-message";
