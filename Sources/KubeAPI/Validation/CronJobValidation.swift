import Foundation

/// CronJobs (batch `ValidateCronJobCreate`, `ValidateCronJobUpdate`).
enum CronJobValidation {
    static func validate(_ cronJob: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(cronJob.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        errors += validateSpec(cronJob.json.object("spec"), old: nil, "spec")
        if cronJob.name.utf8.count > 52 {
            errors.append(.invalid("metadata.name", string: cronJob.name, NameRules.maxLength(52)))
        }
        return errors
    }

    /// Names longer than 52 characters stay updatable, so old CronJobs can still be changed and deleted.
    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
            + validateSpec(new.json.object("spec"), old: old.json.object("spec"), "spec")
    }

    private static func validateSpec(_ spec: JSONValue, old: JSONValue?, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let schedule = spec.text("schedule")
        if schedule.isEmpty {
            errors.append(.required(path.child("schedule")))
        } else {
            if let message = CronSchedule.error(schedule) {
                errors.append(.invalid(path.child("schedule"), string: schedule, message))
            }
            let allowTZ = old?.text("schedule").contains("TZ") ?? false
            if allowTZ && schedule.contains("TZ") && spec.has("timeZone") {
                errors.append(.invalid(path.child("schedule"), string: schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"))
            } else if !allowTZ && schedule.contains("TZ") {
                errors.append(.invalid(path.child("schedule"), string: schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
            }
        }
        errors += RuleMessage.nonNegative(spec.integer("startingDeadlineSeconds"), path.child("startingDeadlineSeconds"))
        if old == nil || old!["timeZone"] != spec["timeZone"], let zone = spec["timeZone"]?.stringValue {
            errors += timeZone(zone, path.child("timeZone"))
        }
        errors += PodSpecValidation.enumeration(spec.text("concurrencyPolicy"), ["Allow", "Forbid", "Replace"], path.child("concurrencyPolicy"))
        let jobSpec = spec.object("jobTemplate").object("spec")
        let jobPath = path.child("jobTemplate", "spec")
        errors += JobValidation.validateSpec(jobSpec, jobPath)
        if let selector = jobSpec["selector"], !selector.isNull {
            errors.append(.invalid(jobPath.child("selector"), GoSyntax.labelSelector(selector), "`selector` will be auto-generated"))
        }
        if jobSpec["manualSelector"]?.boolValue == true {
            errors.append(.notSupported(jobPath.child("manualSelector"), "true", ["nil", "false"]))
        }
        errors += RuleMessage.nonNegative(spec.integer("successfulJobsHistoryLimit"), path.child("successfulJobsHistoryLimit"))
        errors += RuleMessage.nonNegative(spec.integer("failedJobsHistoryLimit"), path.child("failedJobsHistoryLimit"))
        return errors
    }

    /// `validateTimeZone`: an IANA name this machine's zone database knows.
    private static func timeZone(_ zone: String, _ path: FieldPath) -> [FieldError] {
        if zone.isEmpty { return [.invalid(path, string: zone, "timeZone must be nil or non-empty string")] }
        let valid = zone.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            part != "." && part != ".." && !part.hasPrefix("-") && (1...14).contains(part.count)
                && part.unicodeScalars.allSatisfy { NameRules.isAlphanumeric($0) || ".-_+".unicodeScalars.contains($0) }
        }
        if !valid { return [.invalid(path, string: zone, "unknown time zone \(zone)")] }
        if zone.lowercased() == "local" {
            return [.invalid(path, string: zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")]
        }
        if TimeZone(identifier: zone) == nil { return [.invalid(path, string: zone, "unknown time zone \(zone)")] }
        return []
    }
}
