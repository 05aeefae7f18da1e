/// The batch/v1 defaulters (`SetDefaults_Job`, `SetDefaults_CronJob`) and the selector the Job strategy
/// generates on create.
enum BatchDefaults {
    /// One completion at a time, 6 retries, NonIndexed, not suspended; the Job takes its template's labels
    /// when it has none.
    static func applyToJob(_ job: inout JSONValue) {
        let templateLabels = job.object("spec").object("template").object("metadata")["labels"]
        job.update("spec", create: true) { spec in
            if !spec.has("completions") && !spec.has("parallelism") {
                spec["completions"] = 1
                spec["parallelism"] = 1
            }
            spec.setDefault("parallelism", 1)
            spec.setDefault("backoffLimit", spec.has("backoffLimitPerIndex") ? .int(Int64(Int32.max)) : 6)
            spec.setDefault("completionMode", "NonIndexed")
            spec.setDefault("suspend", false)
            spec.setDefault("podReplacementPolicy", spec.has("podFailurePolicy") ? "Failed" : "TerminatingOrFailed")
            spec.setDefault("manualSelector", false)
            spec.update("template", create: true, PodDefaults.applyToTemplate)
        }
        if let templateLabels, !(templateLabels.objectValue ?? [:]).isEmpty {
            job.update("metadata", create: true) { metadata in
                if (metadata["labels"]?.objectValue ?? [:]).isEmpty { metadata["labels"] = templateLabels }
            }
        }
    }

    /// Allow concurrent runs, not suspended, keep 3 successful and 1 failed Job; the job template's pod template
    /// gets the pod defaults (the Job defaults apply when the CronJob creates a Job).
    static func applyToCronJob(_ cronJob: inout JSONValue) {
        cronJob.update("spec", create: true) { spec in
            spec.setDefault("concurrencyPolicy", "Allow")
            spec.setDefault("suspend", false)
            spec.setDefault("successfulJobsHistoryLimit", 3)
            spec.setDefault("failedJobsHistoryLimit", 1)
            spec.update("jobTemplate", create: true) { template in
                template.update("metadata", create: true) { $0.setDefault("creationTimestamp", .null) }
                template.update("spec", create: true) { jobSpec in
                    jobSpec.update("template", create: true, PodDefaults.applyToTemplate)
                }
            }
        }
    }

    /// The Job strategy's `generateSelector`: unless `manualSelector`, label the template with the Job's name and
    /// uid and select `batch.kubernetes.io/controller-uid`.
    static func generateSelector(_ job: inout JSONValue) {
        guard job.object("spec")["manualSelector"]?.boolValue != true else { return }
        let metadata = job.object("metadata")
        let name = JSONValue.string(metadata.text("name"))
        let uid = JSONValue.string(metadata.text("uid"))
        job.update("spec", create: true) { spec in
            spec.update("template", create: true) { template in
                template.update("metadata", create: true) { templateMetadata in
                    templateMetadata.update("labels", create: true) { labels in
                        labels.setDefault("job-name", name)
                        labels.setDefault("batch.kubernetes.io/job-name", name)
                        labels.setDefault("controller-uid", uid)
                        labels.setDefault("batch.kubernetes.io/controller-uid", uid)
                    }
                }
            }
            spec.update("selector", create: true) { selector in
                selector.update("matchLabels", create: true) { $0.setDefault("batch.kubernetes.io/controller-uid", uid) }
            }
        }
    }
}
